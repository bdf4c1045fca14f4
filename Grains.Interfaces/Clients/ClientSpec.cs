namespace OroOrleans.Grains.Interfaces;

/// <summary>What is needed to register an OAuth client.</summary>
/// <param name="Name">Display name (1 to 255 characters).</param>
/// <param name="Secret">
/// The plain client secret (only its SHA-256 digest is stored), or null to have the server generate one of 256 bits
/// and show it once (§5); only seed files bring their own.
/// </param>
/// <param name="Grants">Grant types the client may use (<c>password</c>, <c>client_credentials</c>).</param>
/// <param name="Frontend">True for a storefront client, false for a back-office client.</param>
/// <param name="OwnerUserId">The owner user's id, for <c>client_credentials</c>; null when none.</param>
/// <param name="Active">Inactive clients authenticate nothing.</param>
/// <param name="AllowedScopes">Scopes the client may request (§2.2); null or empty: none.</param>
[GenerateSerializer, Immutable, Alias("ClientSpec")]
public sealed record ClientSpec(
    string Name,
    string? Secret,
    IReadOnlyList<string> Grants,
    bool Frontend,
    string? OwnerUserId,
    bool Active,
    IReadOnlyList<string>? AllowedScopes = null)
{
    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"ClientSpec {{ Name = {Name}, Frontend = {Frontend}, Active = {Active} }}";
}
