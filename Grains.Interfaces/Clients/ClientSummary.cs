namespace OroOrleans.Grains.Interfaces;

/// <summary>A client as the administration API shows it: no secret, no digest.</summary>
/// <param name="Identifier">The 32-character client identifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="Grants">Allowed grant types.</param>
/// <param name="Frontend">True for a storefront client.</param>
/// <param name="OwnerUserId">Owner user id for <c>client_credentials</c>, or null.</param>
/// <param name="Active">Whether the client may authenticate.</param>
/// <param name="Version">The registration version (raised on every change).</param>
/// <param name="AllowedScopes">Scopes the client may request.</param>
/// <param name="IssuedByGrant">Tokens issued per grant, as flushed so far (§5: counts arrive in batches).</param>
/// <param name="LastUsedAt">When the newest counted token was issued, or null when none.</param>
/// <param name="CreatedAt">When the client was registered.</param>
[GenerateSerializer, Immutable, Alias("ClientSummary")]
public sealed record ClientSummary(
    string Identifier,
    string Name,
    IReadOnlyList<string> Grants,
    bool Frontend,
    string? OwnerUserId,
    bool Active,
    long Version,
    IReadOnlyList<string>? AllowedScopes = null,
    IReadOnlyDictionary<string, long>? IssuedByGrant = null,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? CreatedAt = null);
