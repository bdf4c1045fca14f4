namespace OroOrleans.Grains.Interfaces;

/// <summary>A user as the APIs show it: no password hash, no counters.</summary>
/// <param name="Id">The user id (a decimal number, as Oro's ids).</param>
/// <param name="Application">Back-office user or storefront customer user.</param>
/// <param name="Username">Back-office login name; null for customer users.</param>
/// <param name="Email">Email address.</param>
/// <param name="Roles">Roles.</param>
/// <param name="Enabled">Whether the account may log in.</param>
/// <param name="LockedUntil">End of the current automatic lockout (wrong passwords), or null.</param>
/// <param name="Epoch">Raised when the account is disabled, locked by an administrator or its password changes; older tokens fail.</param>
/// <param name="Locked">Locked by an administrator until unlocked (§5).</param>
[GenerateSerializer, Immutable, Alias("UserView")]
public sealed record UserView(
    string Id,
    ApplicationKind Application,
    string? Username,
    string Email,
    IReadOnlyList<string> Roles,
    bool Enabled,
    DateTimeOffset? LockedUntil,
    long Epoch,
    bool Locked)
{
    /// <summary>The token subject: the username for back-office users, the email for customer users (§2.6).</summary>
    public string Subject => Application == ApplicationKind.Backoffice ? Username ?? Email : Email;

    /// <summary>Whether the account is locked now, by an administrator or by the automatic lockout.</summary>
    public bool IsLockedAt(DateTimeOffset now) => Locked || LockedUntil > now;
}
