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

    /// <summary>
    /// The password was not checked: the silo had no memory free for verifying the account's imported argon2id hash
    /// within <c>Passwords:ImportedHashMemoryWait</c>. Counts no wrong password; the login may be tried again.
    /// </summary>
    Overloaded = 4,
}
