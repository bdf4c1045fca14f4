using BitFaster.Caching;
using BitFaster.Caching.Lru;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// What a silo caches of another grain's answer where tokens are minted: an answer is trusted for
/// <see cref="MaxAge"/> after it was read, then read again. Concurrent callers for one key join the one
/// read in flight (single flight); a failed read is not cached. At most <see cref="Capacity"/> keys are
/// held (least recently used out first), so a stream of made-up ids cannot grow it without bound.
/// Built on BitFaster.Caching's concurrent LRU.
/// </summary>
public class GrainReadCache<TValue>
{
    /// <summary>How long an answer is trusted: a change on another silo is seen within this time.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>The most keys held at once.</summary>
    public const int Capacity = 10_000;

    private readonly IAsyncCache<string, TValue> cache = new ConcurrentLruBuilder<string, TValue>()
        .WithCapacity(Capacity)
        .WithKeyComparer(StringComparer.Ordinal)
        .WithExpireAfterWrite(MaxAge)
        .WithAtomicGetOrAdd()
        .AsAsyncCache()
        .Build();

    private readonly Func<string, Task<TValue>> read;

    /// <param name="read">Reads the answer for a key (one grain call).</param>
    protected GrainReadCache(Func<string, Task<TValue>> read) => this.read = read;

    /// <summary>The cached answer for <paramref name="key"/>, or the one read in flight, or a new read.</summary>
    public ValueTask<TValue> Get(string key) => cache.GetOrAddAsync(key, read);

    /// <summary>Forgets <paramref name="key"/>, so that the next call reads again (after a change on this node).</summary>
    public void Invalidate(string key) => cache.TryRemove(key);
}
