namespace OroOrleans.Grains.Interfaces;

/// <summary>An access token a front end has verified (signature, issuer, lifetime), named for revocation.</summary>
/// <param name="ClientId">The client it was issued to.</param>
/// <param name="FamilyId">Its refresh family, or null (client credentials).</param>
/// <param name="TokenId">Its <c>jti</c>.</param>
/// <param name="ExpiresAt">Its <c>exp</c>.</param>
[GenerateSerializer, Immutable, Alias("AccessTokenReference")]
public sealed record AccessTokenReference(string ClientId, string? FamilyId, string TokenId, DateTimeOffset ExpiresAt);
