using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>The validated-token cache keeps the most recently used tokens, never empties itself, stays bounded.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ValidatedTokenCacheTests
{
    [Fact]
    public void FloodOfOneTimeTokens_KeepsATokenInUse_AndStaysWithinCapacity()
    {
        var cache = new ValidatedTokenCache();
        var now = DateTimeOffset.UtcNow;
        var inUse = new AccessToken("guest", "client", ApplicationKind.Storefront, null, null, 1, null, null, "jti-in-use", "", now, now.AddHours(1));
        cache.Add("token-in-use", inUse);

        for (var i = 0; i < ValidatedTokenCache.Capacity * 3 / 2; i++)
        {
            cache.Add("one-time-" + i, inUse with { TokenId = "jti-" + i });
            if (i % 1000 == 0)
            {
                Assert.True(cache.TryGet("token-in-use", out _), $"the token in use was dropped after {i} others");
            }
        }

        Assert.True(cache.TryGet("token-in-use", out var found));
        Assert.Equal("jti-in-use", found.TokenId);
        Assert.InRange(cache.Count, ValidatedTokenCache.Capacity / 2, ValidatedTokenCache.Capacity);
        // The latest tokens are there: nothing was cleared wholesale.
        Assert.True(cache.TryGet("one-time-" + (ValidatedTokenCache.Capacity * 3 / 2 - 1), out _));
        Assert.False(cache.TryGet("one-time-0", out _));
    }
}
