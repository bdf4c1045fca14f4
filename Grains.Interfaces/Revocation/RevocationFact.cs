namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// One revocation as front ends hold it: tokens of <see cref="Key"/> below <see cref="Threshold"/> are rejected.
/// Dropped after <see cref="KeepUntil"/>, when no token it could reject is still alive, which is what keeps a
/// front end's memory bounded by revocations per access-token lifetime, not by tokens issued.
/// </summary>
/// <param name="Kind">Family, user, client or single token.</param>
/// <param name="Key">Family id, user id, client identifier or <c>jti</c>.</param>
/// <param name="Threshold">Lowest valid generation / epoch / version; <see cref="long.MaxValue"/> rejects all.</param>
/// <param name="KeepUntil">The expiry of the newest access token the fact can reject.</param>
[GenerateSerializer, Immutable, Alias("RevocationFact")]
public sealed record RevocationFact(RevocationKind Kind, string Key, long Threshold, DateTimeOffset KeepUntil);
