using OroOrleans.Grains.Clients;

namespace OroOrleans.Tests.Grains.Clients;

/// <summary>The one cache of grain answers where tokens are minted: single flight, failures and expiry.</summary>
[Trait("Category", "Unit")]
public sealed class GrainReadCacheTests
{
    [Fact]
    public async Task ConcurrentCallers_JoinOneRead()
    {
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var cache = new TestCache(_ => { Interlocked.Increment(ref reads); return release.Task; });

        var callers = Enumerable.Range(0, 50).Select(_ => cache.Get("k").AsTask()).ToList();
        release.SetResult("v");
        var answers = await Task.WhenAll(callers);

        Assert.Equal(1, reads);
        Assert.All(answers, answer => Assert.Equal("v", answer));
    }

    [Fact]
    public async Task NullAnswer_IsCached_AndAFailedReadIsNot()
    {
        var reads = 0;
        var cache = new TestCache(key =>
        {
            var n = Interlocked.Increment(ref reads);
            return key == "bad" && n == 2 ? Task.FromException<string?>(new TimeoutException()) : Task.FromResult<string?>(null);
        });

        Assert.Null(await cache.Get("unknown"));
        Assert.Null(await cache.Get("unknown"));
        Assert.Equal(1, reads);

        await Assert.ThrowsAsync<TimeoutException>(() => cache.Get("bad").AsTask());
        Assert.Null(await cache.Get("bad"));
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task Answer_IsReadAgain_AfterMaxAge_OrInvalidate()
    {
        var reads = 0;
        var cache = new TestCache(_ => Task.FromResult<string?>($"v{Interlocked.Increment(ref reads)}"));

        Assert.Equal("v1", await cache.Get("k"));
        Assert.Equal("v1", await cache.Get("k"));
        cache.Invalidate("k");
        Assert.Equal("v2", await cache.Get("k"));

        await Task.Delay(GrainReadCache<string?>.MaxAge + TimeSpan.FromMilliseconds(200));
        Assert.Equal("v3", await cache.Get("k"));
    }

    private sealed class TestCache(Func<string, Task<string?>> read) : GrainReadCache<string?>(read);
}
