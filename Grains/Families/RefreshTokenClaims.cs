namespace OroOrleans.Grains.Families;

/// <summary>A verified refresh token's claims (§2.6).</summary>
/// <param name="ClientId">The <c>aud</c>: the client it was issued to.</param>
/// <param name="Subject">The <c>sub</c>.</param>
/// <param name="FamilyId">The <c>fid</c>.</param>
/// <param name="Generation">The <c>gen</c>: 0 at login, +1 per rotation.</param>
/// <param name="FamilyIssuedAt">The <c>fiat</c>: when the family started.</param>
/// <param name="IssuedAt">The <c>iat</c>; the access token issued with it has the same.</param>
/// <param name="ExpiresAt">The <c>exp</c>.</param>
/// <param name="UserId">The <c>uid</c>, or null (visitor).</param>
/// <param name="UserEpoch">The <c>uep</c>, or null.</param>
/// <param name="Scope">The <c>scope</c>, empty when none was granted.</param>
/// <param name="ClientVersion">The <c>cver</c>: the client's registration version at issuance (0 when absent).</param>
public sealed record RefreshTokenClaims(
    string ClientId,
    string Subject,
    string FamilyId,
    long Generation,
    DateTimeOffset FamilyIssuedAt,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string? UserId,
    long? UserEpoch,
    string Scope,
    long ClientVersion);
