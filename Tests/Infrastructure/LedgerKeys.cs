using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Keys for tests of one revocation ledger shard.</summary>
public static class LedgerKeys
{
    /// <summary><paramref name="count"/> new family ids that all hash to one shard (the first one's).</summary>
    public static string[] OfOneShard(int count)
    {
        var first = Guid.NewGuid().ToString("N");
        return [first, .. Enumerable.Range(0, 1000 * count).Select(_ => Guid.NewGuid().ToString("N"))
            .Where(k => IRevocationLedgerGrain.ShardOf(k) == IRevocationLedgerGrain.ShardOf(first)).Take(count - 1)];
    }
}
