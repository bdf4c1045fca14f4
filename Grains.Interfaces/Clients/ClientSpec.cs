namespace OroOrleans.Grains.Interfaces;

/// <summary>What is needed to register an OAuth client.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Secret">The plain client secret; only its SHA-256 digest is stored.</param>
/// <param name="Grants">Grant types the client may use (<c>password</c>, <c>client_credentials</c>).</param>
/// <param name="Frontend">True for a storefront client, false for a back-office client.</param>
/// <param name="OwnerUserId">The owner user's id, for <c>client_credentials</c>; null when none.</param>
/// <param name="Active">Inactive clients authenticate nothing.</param>
[GenerateSerializer, Immutable, Alias("ClientSpec")]
public sealed record ClientSpec(
    string Name,
    string Secret,
    IReadOnlyList<string> Grants,
    bool Frontend,
    string? OwnerUserId,
    bool Active);
