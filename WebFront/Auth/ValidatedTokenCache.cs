namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Access tokens this front end has already validated, so that a client calling the APIs many times with one
/// token pays for one signature check, not one per request. Keyed by the token's SHA-256 (<see cref="TokenHash"/>).
/// Only what a signature check proves is cached: the caller still checks expiry on every hit, and the revocation
/// view is consulted on every request after this.
/// <para>
/// Bounded, and free of garbage: every entry lives in a slot allocated with the cache (<see cref="CachedClaims"/>,
/// the token's own strings as bytes inside it), and an entry is replaced by writing over its slot, so a flood of
/// one-time tokens creates no objects that outlive a request. The general-purpose cache used first (BitFaster's
/// <c>ConcurrentLru</c>) allocated a node and the claims per entry; evicted a few seconds later, they died in the
/// oldest generation, and the server GC grew the process by ~100 MB under such a flood (docs/performance.md, row 4).
/// </para>
/// <para>
/// The slots are split into <see cref="StripeCount"/> stripes by the token's hash, each behind its own lock and in
/// least-recently-used order (<see cref="ValidatedTokenStripe"/>), so the tokens in use stay while one-time tokens
/// cycle through; a full stripe drops its least recently used entry, one at a time; nothing is ever cleared
/// wholesale and no add counts the cache. A hit builds a new <see cref="AccessToken"/> (a few short-lived strings).
/// </para>
/// </summary>
public sealed class ValidatedTokenCache
{
    /// <summary>
    /// Entries held at the most by default (<see cref="TokenCacheOptions.Entries"/>; 64 stripes of 781): ~19 MiB of
    /// slots, allocated with the cache (ValidatedTokenCacheMemoryTests). A token that fell out costs one signature
    /// check on its next use.
    /// </summary>
    public const int DefaultCapacity = StripeCount * 781;

    /// <summary>Stripes, each behind its own lock; a power of two (a stripe is chosen by the hash's low bits).</summary>
    public const int StripeCount = 64;

    private readonly ValidatedTokenStripe[] stripes = new ValidatedTokenStripe[StripeCount];

    /// <param name="entries">Entries held at the most, rounded up to a multiple of <see cref="StripeCount"/>.</param>
    public ValidatedTokenCache(int entries = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entries, 1);
        var perStripe = (entries + StripeCount - 1) / StripeCount;
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new ValidatedTokenStripe(perStripe);
        }

        Capacity = perStripe * StripeCount;
    }

    /// <summary>Entries held at the most.</summary>
    public int Capacity { get; }

    public bool TryGet(string token, out AccessToken accessToken)
    {
        var key = TokenHash.Of(token);
        if (StripeOf(key).TryGet(key, out var claims))
        {
            accessToken = claims.Read();
            return true;
        }

        accessToken = null!;
        return false;
    }

    /// <summary>
    /// Caches <paramref name="accessToken"/> for <paramref name="token"/>; a token whose strings do not fit a slot
    /// (<see cref="CachedClaims.MaxTextBytes"/>) is not cached, and any older entry for it goes.
    /// </summary>
    public void Add(string token, AccessToken accessToken)
    {
        var key = TokenHash.Of(token);
        if (CachedClaims.TryCreate(key, accessToken, out var claims))
        {
            StripeOf(key).Set(claims);
        }
        else
        {
            StripeOf(key).Remove(key);
        }
    }

    public void Remove(string token)
    {
        var key = TokenHash.Of(token);
        StripeOf(key).Remove(key);
    }

    /// <summary>Entries held now (a sum over the stripes; for tests and diagnostics, not the hot path).</summary>
    public int Count => stripes.Sum(stripe => stripe.Count);

    private ValidatedTokenStripe StripeOf(in TokenHash key) => stripes[(int)(key.High >> 64) & (StripeCount - 1)];
}
