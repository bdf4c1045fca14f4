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

    // [Id(2)] was ClientId, written and never read (the refresh token names its client): retired, never to be reused.

    /// <summary>The family's absolute end (<c>fiat</c> + family lifetime); the state is useless after it.</summary>
    [Id(3)] public DateTimeOffset? FamilyExpiresAt { get; set; }

    /// <summary>The expiry of the newest access token issued in the family, which bounds its revocation facts.</summary>
    [Id(4)] public DateTimeOffset NewestAccessExpiresAt { get; set; }
}
