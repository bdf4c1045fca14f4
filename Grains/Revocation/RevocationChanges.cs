using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The keys one activation of a ledger shard changed, in order, so that a front end catching up
/// (<see cref="IRevocationLedgerGrain.ReadSince"/>) reads only the facts changed since it last read, not the whole
/// shard: with a million live facts, the whole shard every 30 s was seconds of CPU on every front end and silo.
/// Changes older than <see cref="IRevocationLedgerGrain.ChangesKept"/> are dropped by <see cref="Trim"/>; a reader
/// from before them reads whole. Touched only on the shard's activation thread, like the rest of its state.
/// </summary>
public sealed class RevocationChanges(TimeProvider time)
{
    private readonly List<((RevocationKind, string) Key, DateTimeOffset At)> kept = [];
    private long dropped;

    /// <summary>This activation: cursors of another one (or <c>default</c>) read whole.</summary>
    public Guid Activation { get; } = Guid.NewGuid();

    /// <summary>Where a reader stands once it has every change so far.</summary>
    public RevocationCursor Cursor => new(Activation, dropped + kept.Count);

    /// <summary>Notes that the fact held for <paramref name="key"/> changed.</summary>
    public void Add((RevocationKind, string) key) => kept.Add((key, time.GetUtcNow()));

    /// <summary>
    /// The keys changed after <paramref name="cursor"/>, each once; null when the cursor is not of this activation,
    /// or points before the changes kept or after the last one (the reader must read whole).
    /// </summary>
    public IReadOnlyCollection<(RevocationKind, string)>? Since(RevocationCursor cursor)
    {
        if (cursor.Activation != Activation || cursor.Changes < dropped || cursor.Changes > dropped + kept.Count)
        {
            return null;
        }

        var keys = new HashSet<(RevocationKind, string)>();
        for (var i = (int)(cursor.Changes - dropped); i < kept.Count; i++)
        {
            keys.Add(kept[i].Key);
        }

        return keys;
    }

    /// <summary>Drops the changes older than <see cref="IRevocationLedgerGrain.ChangesKept"/>.</summary>
    public void Trim()
    {
        var horizon = time.GetUtcNow() - IRevocationLedgerGrain.ChangesKept;
        var old = 0;
        while (old < kept.Count && kept[old].At < horizon)
        {
            old++;
        }

        kept.RemoveRange(0, old);
        dropped += old;
    }
}
