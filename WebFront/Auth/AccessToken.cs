using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Auth;

/// <summary>A validated access token's claims, as the resource APIs use them.</summary>
/// <param name="Subject">The <c>sub</c> claim.</param>
/// <param name="ClientId">The client it was issued to.</param>
/// <param name="Application">Back-office or storefront.</param>
/// <param name="UserId">The account id, or null (visitor).</param>
/// <param name="UserEpoch">The account epoch at issuance, or null.</param>
/// <param name="ClientVersion">The client's registration version at issuance.</param>
/// <param name="FamilyId">The refresh family, or null.</param>
/// <param name="Generation">The family generation, or null.</param>
/// <param name="TokenId">The <c>jti</c>.</param>
/// <param name="Scope">The granted scope.</param>
/// <param name="IssuedAt">The <c>iat</c>.</param>
/// <param name="ExpiresAt">The <c>exp</c>.</param>
/// <param name="KeyId">The <c>kid</c> of the key that signed it (an emergency key revocation refuses its tokens).</param>
public sealed record AccessToken(
    string Subject,
    string ClientId,
    ApplicationKind Application,
    string? UserId,
    long? UserEpoch,
    long ClientVersion,
    string? FamilyId,
    long? Generation,
    string TokenId,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string? KeyId = null);
