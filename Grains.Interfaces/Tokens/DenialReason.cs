namespace OroOrleans.Grains.Interfaces;

/// <summary>Why a grant was refused. Each maps to one row of the error table in §2.5.</summary>
[GenerateSerializer, Alias("DenialReason")]
public enum DenialReason
{
    /// <summary>Unknown client, wrong secret, inactive client, or a grant the client may not use.</summary>
    InvalidClient = 0,

    /// <summary>Unknown user, wrong password, or a user of the other application.</summary>
    InvalidCredentials = 1,

    /// <summary>Correct password, disabled account.</summary>
    AccountDisabled = 2,

    /// <summary>Correct password, locked account.</summary>
    AccountLocked = 3,

    /// <summary>Refresh token malformed or with a bad signature.</summary>
    RefreshTokenUnreadable = 4,

    /// <summary>Refresh token (or its family) expired.</summary>
    RefreshTokenExpired = 5,

    /// <summary>Refresh token revoked or already used.</summary>
    RefreshTokenRevoked = 6,

    /// <summary>Refresh token issued to another client.</summary>
    RefreshTokenWrongClient = 7,

    /// <summary>A requested scope is not on the client's allowed scopes (§2.2).</summary>
    InvalidScope = 8,

    /// <summary>The password could not be checked now (the silo's memory for imported hashes is in use): try again.</summary>
    Overloaded = 9,
}
