namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// An administrator's change to an account (§7.1). Null members are left as they are. Disabling the account and
/// setting a password raise its epoch, which revokes every token of the account (§4).
/// </summary>
/// <param name="Application">The application the caller expects the account to belong to; another one is "not found".</param>
/// <param name="Username">A new back-office username, or null.</param>
/// <param name="Email">A new email, or null.</param>
/// <param name="Password">A new plain password (only its hash is stored), or null.</param>
/// <param name="Enabled">Enable (true) or disable (false), or null.</param>
/// <param name="Roles">The new set of roles (back-office only), or null.</param>
/// <param name="Unlock">True to end a lockout and reset the failure counter.</param>
[GenerateSerializer, Immutable, Alias("UserChange")]
public sealed record UserChange(
    ApplicationKind Application,
    string? Username,
    string? Email,
    string? Password,
    bool? Enabled,
    IReadOnlyList<string>? Roles,
    bool Unlock)
{
    /// <summary>Keeps the password out of logs and exception messages.</summary>
    public override string ToString() =>
        $"UserChange {{ Application = {Application}, Username = {Username}, Email = {Email}, Password = {(Password is null ? "unchanged" : "***")}, Enabled = {Enabled}, Unlock = {Unlock} }}";
}
