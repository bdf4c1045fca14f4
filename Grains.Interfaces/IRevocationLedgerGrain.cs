namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The durable record of live revocation facts, sharded so that no single grain takes every revocation, and
/// the source from which front ends learn them (pushed on <see cref="Record"/>, read whole at start-up).
/// Key: the shard number, <see cref="ShardOf"/>.
/// </summary>
[Alias("IRevocationLedgerGrain")]
public interface IRevocationLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Number of shards.</summary>
    public const int Shards = 16;

    /// <summary>The shard that records facts about <paramref name="key"/> (a stable hash, same on every node).</summary>
    public static long ShardOf(string key)
    {
        // FNV-1a: string.GetHashCode is randomized per process, and every node must agree.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % Shards;
    }

    /// <summary>Stores the fact durably, then pushes it to every front end. Returns once stored.</summary>
    [Alias("Record")]
    Task Record(RevocationFact fact);

    /// <summary>Every fact of this shard that is still alive, for a front end that starts or reconnects.</summary>
    [Alias("GetLive")]
    Task<IReadOnlyList<RevocationFact>> GetLive();
}
