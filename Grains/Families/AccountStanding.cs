using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Families;

/// <summary>
/// Whether the account behind a refresh token may still use it. Status first (§2.5: a disabled or locked account
/// gets its own hint), then the epoch: a password change, a disable or an administrator's lock since the login revokes the token.
/// </summary>
public static class AccountStanding
{
    /// <summary>Null when the account may go on; else why not.</summary>
    public static DenialReason? Check(UserView? user, long? tokenEpoch)
    {
        if (user is null)
        {
            return DenialReason.RefreshTokenRevoked;
        }

        if (!user.Enabled)
        {
            return DenialReason.AccountDisabled;
        }

        // Only an administrator's lock stops a session; the automatic lockout stops guessing, not its owner (§4).
        if (user.Locked)
        {
            return DenialReason.AccountLocked;
        }

        return (tokenEpoch ?? 0) < user.Epoch ? DenialReason.RefreshTokenRevoked : null;
    }
}
