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

    /// <summary>
    /// Stores the fact durably and pushes it to every subscribed front end. Returns once stored and once every
    /// front end that answered within a short bound has applied it.
    /// </summary>
    [Alias("Record")]
    Task Record(RevocationFact fact);

    /// <summary>
    /// Pushes the fact to every front end but <paramref name="except"/> (the one that asked, which applies the fact
    /// from its answer) and returns once they have it; stores it with the shard's next batched write (within about
    /// a second) instead of before returning. For facts that follow from state the caller has stored itself, such as
    /// a rotation's superseded generation: only a front end that starts in the second after a silo failure could
    /// miss one, and then only until the superseded access token expires.
    /// </summary>
    [Alias("Publish")]
    Task Publish(RevocationFact fact, IRevocationObserver? except);

    /// <summary>Every fact of this shard that is still alive, for a front end that starts or reconnects.</summary>
    [Alias("GetLive")]
    Task<IReadOnlyList<RevocationFact>> GetLive();

    /// <summary>
    /// Registers (or renews) a front end's observer. A registration lapses when it is not renewed within
    /// <see cref="SubscriptionLifetime"/>, and is lost when the shard's activation moves (a silo failed).
    /// </summary>
    /// <returns>
    /// True when the observer was already registered with this activation; false when it is new here, in which
    /// case the front end may have missed pushes and must read <see cref="GetLive"/> again.
    /// </returns>
    [Alias("Subscribe")]
    Task<bool> Subscribe(IRevocationObserver observer);

    /// <summary>Removes a front end's observer (on shutdown).</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IRevocationObserver observer);

    /// <summary>How long a registration lasts without renewal. Front ends renew well within it.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(60);
}
