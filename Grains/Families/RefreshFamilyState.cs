namespace OroOrleans.Grains.Families;

/// <summary>
/// Persisted state of <see cref="RefreshFamilyGrain"/>, written by the first rotation or revocation only (§3).
/// Ids are the storage contract: never renumber.
/// </summary>
[GenerateSerializer, Alias("RefreshFamilyState")]
public sealed class RefreshFamilyState
{
    /// <summary>The current generation: the only one a refresh may present. 0 until the first rotation.</summary>
    [Id(0)] public long Generation { get; set; }

    /// <summary>True once the family is revoked (reuse, RFC 7009 revocation): no token of it is valid again.</summary>
    [Id(1)] public bool Revoked { get; set; }

    /// <summary>The client the family belongs to (a retried rotation must come from it).</summary>
    [Id(2)] public string? ClientId { get; set; }

    /// <summary>The family's absolute end (<c>fiat</c> + family lifetime); the state is useless after it.</summary>
    [Id(3)] public DateTimeOffset? FamilyExpiresAt { get; set; }

    /// <summary>The expiry of the newest access token issued in the family, which bounds its revocation facts.</summary>
    [Id(4)] public DateTimeOffset NewestAccessExpiresAt { get; set; }

    /// <summary>When the current generation was issued: a retry of the rotation that issued it is answered until
    /// <c>Tokens:RefreshRetryWindow</c> after this.</summary>
    [Id(5)] public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>
    /// The pair the last rotation issued, given again to a retry of it (§3) by whichever activation meets the retry,
    /// on any silo. Kept as issued, so the retry gets the same <c>jti</c>s, claims and signatures; storage already
    /// holds the signing keys, so these tokens give a reader of it nothing it could not mint.
    /// </summary>
    [Id(6)] public string? LastAccessToken { get; set; }

    /// <summary>The refresh token of the pair in <see cref="LastAccessToken"/>.</summary>
    [Id(7)] public string? LastRefreshToken { get; set; }

    /// <summary>The <c>expires_in</c> of that pair, in seconds.</summary>
    [Id(8)] public int LastExpiresIn { get; set; }

    /// <summary>
    /// The last write, by the silo's clock. Once <c>Tokens:RefreshTokenLifetime</c> has passed since, every token of the
    /// family has expired and the state decides nothing: the grain forgets it and the sweep deletes the row (§2.7).
    /// Null in rows written before it was kept; the sweep finds those by the row's modification time.
    /// </summary>
    [Id(9)] public DateTimeOffset? ChangedAt { get; set; }
}
