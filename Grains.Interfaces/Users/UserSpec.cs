namespace OroOrleans.Grains.Interfaces;

/// <summary>What is needed to create a back-office user or a storefront customer user.</summary>
/// <param name="Application">Back-office user or storefront customer user.</param>
/// <param name="Username">Back-office login name; null for customer users (they log in by email).</param>
/// <param name="Email">Email address, unique per application.</param>
/// <param name="Password">The plain password; only its hash is stored.</param>
/// <param name="Roles">Roles such as <c>administrator</c>; empty for customer users.</param>
/// <param name="Enabled">Disabled accounts cannot log in.</param>
/// <param name="PasswordHash">A hash made earlier by the same hasher, stored in place of hashing
/// <paramref name="Password"/> again (bulk creation: the hash is the cost of a create), or a bcrypt/argon2id hash
/// imported from Oro (replaced by ours on the first successful login); null to hash.</param>
[GenerateSerializer, Immutable, Alias("UserSpec")]
public sealed record UserSpec(
    ApplicationKind Application,
    string? Username,
    string Email,
    string Password,
    IReadOnlyList<string> Roles,
    bool Enabled,
    string? PasswordHash = null)
{
    /// <summary>Keeps the password and its hash out of logs and exception messages.</summary>
    public override string ToString() => $"UserSpec {{ Application = {Application}, Username = {Username}, Enabled = {Enabled} }}";
}
