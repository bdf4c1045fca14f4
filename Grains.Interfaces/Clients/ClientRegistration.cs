namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// A client's registration as minting nodes cache it. Carries the secret's digest, so it never leaves the silos.
/// </summary>
/// <param name="Identifier">The 32-character client identifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="SecretDigest">SHA-256 of the secret (UTF-8).</param>
/// <param name="Grants">Allowed grant types.</param>
/// <param name="Frontend">True for a storefront client.</param>
/// <param name="OwnerUserId">Owner user id for <c>client_credentials</c>, or null.</param>
/// <param name="Active">Whether the client may authenticate.</param>
/// <param name="Version">Raised on every change; tokens carry it so a deactivation revokes them.</param>
/// <param name="AllowedScopes">Scopes the client may request.</param>
/// <param name="TokensFromVersion">
/// Refresh tokens issued under an older version than this are refused for good: raised by a deactivation or a
/// deletion (§4), so that reactivating a client brings none of its old refresh tokens back.
/// </param>
[GenerateSerializer, Immutable, Alias("ClientRegistration")]
public sealed record ClientRegistration(
    string Identifier,
    string Name,
    byte[] SecretDigest,
    IReadOnlyList<string> Grants,
    bool Frontend,
    string? OwnerUserId,
    bool Active,
    long Version,
    IReadOnlyList<string>? AllowedScopes = null,
    long TokensFromVersion = 0)
{
    /// <summary>The application this client's tokens belong to.</summary>
    public ApplicationKind Application => Frontend ? ApplicationKind.Storefront : ApplicationKind.Backoffice;
}
