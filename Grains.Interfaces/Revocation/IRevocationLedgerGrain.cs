namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The durable record of live revocation facts, sharded so that no single grain takes every revocation, and
/// the source from which front ends learn them (pushed on <see cref="Record"/>, read whole at start-up, and read
/// since where they stand to catch up).
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

    /// <summary>
    /// The live facts a reader at <paramref name="cursor"/> does not have: those changed since it, or every live fact
    /// when the cursor is <c>default</c> (a front end that starts), names another activation of the shard (its silo
    /// failed, or it was collected), or is older than the changes the shard keeps (<see cref="ChangesKept"/>).
    /// </summary>
    [Alias("ReadSince")]
    Task<RevocationRead> ReadSince(RevocationCursor cursor);

    /// <summary>
    /// How long a shard keeps the list of its changes for <see cref="ReadSince"/>; a reader that comes back later
    /// reads the shard whole. Well above a front end's default catch-up interval (30 s).
    /// </summary>
    public static readonly TimeSpan ChangesKept = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Registers (or renews) a front end's observer. A registration lapses when it is not renewed within
    /// <see cref="SubscriptionLifetime"/>, and is lost when the shard's activation moves (a silo failed).
    /// </summary>
    /// <returns>
    /// True when the observer was already registered with this activation; false when it is new here, in which
    /// case the front end may have missed pushes and must read <see cref="ReadSince"/> again.
    /// </returns>
    [Alias("Subscribe")]
    Task<bool> Subscribe(IRevocationObserver observer);

    /// <summary>Removes a front end's observer (on shutdown).</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IRevocationObserver observer);

    /// <summary>How long a registration lasts without renewal. Front ends renew well within it.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(60);
}
