using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>
/// The validated-token cache keeps the most recently used tokens, never empties itself, stays bounded, gives back
/// exactly what was put in, and replaces entries without allocating.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ValidatedTokenCacheTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);

    private static readonly AccessToken Guest = new(
        "visitor:0123456789abcdef0123456789abcdef", "storefront0000000000000000000001", ApplicationKind.Storefront, null, null, 1,
        "fedcba9876543210fedcba9876543210", 0, "00112233445566778899aabbccddeeff", "", Now, Now.AddHours(1), "key-1");

    [Theory]
    [InlineData(ValidatedTokenCache.DefaultCapacity, ValidatedTokenCache.DefaultCapacity)]
    [InlineData(1_000, 1_024)] // TokenCache:Entries, rounded up to whole stripes
    [InlineData(200_000, 200_000)]
    public void FloodOfOneTimeTokens_KeepsATokenInUse_AndStaysWithinCapacity(int entries, int capacity)
    {
        var cache = new ValidatedTokenCache(entries);
        Assert.Equal(capacity, cache.Capacity);
        cache.Add("token-in-use", Guest);

        for (var i = 0; i < capacity * 3 / 2; i++)
        {
            cache.Add("one-time-" + i, Guest with { TokenId = "jti-" + i });
            if (i % (capacity / 4) == 0)
            {
                Assert.True(cache.TryGet("token-in-use", out _), $"the token in use was dropped after {i} others");
            }
        }

        Assert.True(cache.TryGet("token-in-use", out var found));
        Assert.Equal(Guest.TokenId, found.TokenId);
        Assert.InRange(cache.Count, capacity * 9 / 10, capacity);
        // The latest tokens are there: nothing was cleared wholesale.
        Assert.True(cache.TryGet("one-time-" + (capacity * 3 / 2 - 1), out _));
        Assert.False(cache.TryGet("one-time-0", out _));
    }

    [Fact]
    public void EveryClaim_ComesBackAsCached()
    {
        var customer = new AccessToken(
            "ünïcödé.customer@example.com", "storefront0000000000000000000001", ApplicationKind.Storefront, "42", 7, 3,
            "fedcba9876543210fedcba9876543210", 12, "00112233445566778899aabbccddeeff", "openid profile",
            Now.AddMinutes(-1), Now.AddMinutes(59), null);
        var backoffice = new AccessToken(
            "admin", "backoffice000000000000000000001", ApplicationKind.Backoffice, "1", 0, 9, null, null, "jti", "", Now, Now.AddHours(1), "");
        var cache = new ValidatedTokenCache();

        foreach (var (name, token) in new[] { ("guest", Guest), ("customer", customer), ("backoffice", backoffice) })
        {
            cache.Add(name, token);
        }

        Assert.True(cache.TryGet("guest", out var guest));
        Assert.Equal(Guest, guest);
        Assert.True(cache.TryGet("customer", out var found));
        Assert.Equal(customer, found);
        Assert.True(cache.TryGet("backoffice", out var admin));
        Assert.Equal(backoffice, admin);
        Assert.False(cache.TryGet("another", out _));
    }

    [Fact]
    public void AddingATokenAgain_ReplacesItsClaims()
    {
        var cache = new ValidatedTokenCache();
        cache.Add("token", Guest);
        cache.Add("token", Guest with { TokenId = "replaced", FamilyId = null, Generation = null });

        Assert.True(cache.TryGet("token", out var found));
        Assert.Equal(Guest with { TokenId = "replaced", FamilyId = null, Generation = null }, found);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void RemovedToken_IsGone_AndCanBeAddedAgain()
    {
        var cache = new ValidatedTokenCache();
        cache.Add("token", Guest);
        cache.Remove("token");
        cache.Remove("never-added");

        Assert.False(cache.TryGet("token", out _));
        Assert.Equal(0, cache.Count);
        cache.Add("token", Guest);
        Assert.True(cache.TryGet("token", out var found));
        Assert.Equal(Guest, found);
    }

    [Fact]
    public void TokenWithStringsLongerThanASlot_IsNotCached()
    {
        var cache = new ValidatedTokenCache();
        var longSubject = new string('a', CachedClaims.MaxTextBytes);
        cache.Add("long", Guest with { Subject = longSubject });
        // At the limit exactly: subject + token id (the guest's family id dropped).
        var atLimit = Guest with { Subject = new string('b', CachedClaims.MaxTextBytes - Guest.TokenId.Length), FamilyId = null };
        cache.Add("at-limit", atLimit);

        Assert.False(cache.TryGet("long", out _));
        Assert.True(cache.TryGet("at-limit", out var found));
        Assert.Equal(atLimit, found);
    }

    [Fact]
    public void TokenWithInvalidUtf16_IsNotCached()
    {
        // A lone surrogate would come back as U+FFFD: the cache gives back exactly what it was given, or nothing.
        var cache = new ValidatedTokenCache();
        cache.Add("surrogate", Guest with { Subject = "visitor:\uD800" });

        Assert.False(cache.TryGet("surrogate", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TokenAddedAgainWithClaimsThatDoNotFit_LosesItsOlderEntry()
    {
        var cache = new ValidatedTokenCache();
        cache.Add("token", Guest);
        cache.Add("token", Guest with { Subject = new string('a', CachedClaims.MaxTextBytes) });

        Assert.False(cache.TryGet("token", out _));
    }

    [Fact]
    public void FullCache_ReplacesEntries_WithoutAllocating()
    {
        var cache = new ValidatedTokenCache();
        var count = ValidatedTokenCache.DefaultCapacity;
        var names = Enumerable.Range(0, 2 * count).Select(i => "token-" + i).ToArray();
        var claims = Enumerable.Range(0, 2 * count).Select(i => Guest with { TokenId = i.ToString("x32") }).ToArray();
        for (var i = 0; i < count; i++)
        {
            cache.Add(names[i], claims[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = count; i < 2 * count; i++)
        {
            cache.Add(names[i], claims[i]);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{count} adds to a full cache allocated {allocated} bytes ({(double)allocated / count:F2} per add)");
        // BitFaster's ConcurrentLru allocated ~600 B an add here (a node and the claims, each to die old).
        Assert.InRange(allocated, 0, count / 10);
        Assert.True(cache.TryGet(names[^1], out var last));
        Assert.Equal(claims[^1], last);
    }

    [Fact]
    public async Task ConcurrentReadersAndWriters_EachSeeTheirOwnClaims()
    {
        var cache = new ValidatedTokenCache();
        cache.Add("shared", Guest);
        var mismatches = 0;
        var misses = 0;
        var sharedMisses = 0;

        // Four writers, each cycling its own tokens through the cache (more than it holds, so slots are taken over
        // while others read), and checking every token it reads back is the one it wrote.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < ValidatedTokenCache.DefaultCapacity / 2; i++)
            {
                var name = $"w{w}-{i}";
                var claims = Guest with { Subject = $"visitor:{w:x16}{i:x16}", TokenId = name };
                cache.Add(name, claims);
                if (!cache.TryGet(name, out var found))
                {
                    Interlocked.Increment(ref misses);
                }
                else if (found != claims)
                {
                    Interlocked.Increment(ref mismatches);
                }

                if (!cache.TryGet("shared", out var shared))
                {
                    Interlocked.Increment(ref sharedMisses);
                }
                else if (shared != Guest)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        output.WriteLine($"4 × {ValidatedTokenCache.DefaultCapacity / 2} adds and reads: {mismatches} mismatches, {misses} just-added tokens already evicted, shared token missed {sharedMisses} times");
        Assert.Equal(0, mismatches);
        // The shared token is read after every add, so it is never the least recently used of its stripe. (A
        // just-added token is missed only if ~780 adds to its stripe ran in between: a writer preempted that long.)
        Assert.Equal(0, sharedMisses);
        Assert.True(cache.TryGet("shared", out _));
    }
}
