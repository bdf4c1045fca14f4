namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The timings of a revocation ledger shard (<see cref="RevocationLedgerGrain"/>). Not read from configuration: the
/// defaults are what a cluster needs, and tests shorten them to run minutes in seconds.
/// </summary>
public sealed class RevocationLedgerOptions
{
    /// <summary>
    /// How often a shard's timer ticks: it deletes expired facts from the store and from memory (a write does too, at
    /// most this often) and re-reads the stored rows while a twin may write (<see cref="TwinWindow"/>).
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after an activation starts, or after it sees the cluster's membership change, it re-reads the shard's
    /// stored rows, to merge what a second activation of the shard wrote (two exist only around a membership change).
    /// Null, the default: the longest a fact is kept, <c>Tokens:AccessTokenLifetime</c> and a minute, so that any
    /// fact a twin made before the window opened has expired when it closes, however long the twin's silo went on
    /// running (a silo declared dead kills itself only once it reads the membership table; a paused one writes on
    /// when it resumes).
    /// </summary>
    public TimeSpan? TwinWindow { get; set; }
}
