namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The timings of a revocation ledger shard (<see cref="RevocationLedgerGrain"/>). Not read from configuration: the
/// defaults are what a cluster needs, and tests shorten them to run minutes in seconds.
/// </summary>
public sealed class RevocationLedgerOptions
{
    /// <summary>How often a shard deletes its expired facts from the store and from memory (after a write, at most this often).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after an activation starts, or after it sees the cluster's membership change, its sweeps re-read the
    /// shard's stored rows. Two activations of one shard exist only around a membership change: a silo declared dead
    /// goes on running until it reads the membership table (every minute at the most) and kills itself, and a
    /// directory partition moves only when a silo joins or leaves. Ten minutes is a wide margin over both.
    /// </summary>
    public TimeSpan TwinWindow { get; set; } = TimeSpan.FromMinutes(10);
}
