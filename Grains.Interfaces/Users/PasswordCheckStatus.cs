namespace OroOrleans.Grains.Interfaces;

/// <summary>The result of checking a password against an account.</summary>
[GenerateSerializer, Alias("PasswordCheckStatus")]
public enum PasswordCheckStatus
{
    /// <summary>Correct password on an enabled, unlocked account.</summary>
    Success = 0,

    /// <summary>Wrong password (or no such account). Says nothing about the account's status.</summary>
    WrongPassword = 1,

    /// <summary>Correct password, but the account is disabled.</summary>
    Disabled = 2,

    /// <summary>Correct password, but the account is locked.</summary>
    Locked = 3,
}
