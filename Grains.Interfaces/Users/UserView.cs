namespace OroOrleans.Grains.Interfaces;

/// <summary>A user as the APIs show it: no password hash, no counters.</summary>
/// <param name="Id">The user id (a decimal number, as Oro's ids).</param>
/// <param name="Application">Back-office user or storefront customer user.</param>
/// <param name="Username">Back-office login name; null for customer users.</param>
/// <param name="Email">Email address.</param>
/// <param name="Roles">Roles.</param>
/// <param name="Enabled">Whether the account may log in.</param>
/// <param name="LockedUntil">End of the current lockout, or null.</param>
/// <param name="Epoch">Raised when the account is disabled, locked or its password changes; older tokens fail.</param>
[GenerateSerializer, Immutable, Alias("UserView")]
public sealed record UserView(
    string Id,
    ApplicationKind Application,
    string? Username,
    string Email,
    IReadOnlyList<string> Roles,
    bool Enabled,
    DateTimeOffset? LockedUntil,
    long Epoch)
{
    /// <summary>The token subject: the username for back-office users, the email for customer users (§2.6).</summary>
    public string Subject => Application == ApplicationKind.Backoffice ? Username ?? Email : Email;
}
