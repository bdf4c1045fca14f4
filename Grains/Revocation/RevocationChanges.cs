using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The keys one activation of a ledger shard changed, in order, so that a front end catching up
/// (<see cref="IRevocationLedgerGrain.ReadSince"/>) reads only the facts changed since it last read, not the whole
/// shard: every front end used to read every live fact of every shard each 30 s (about 0.7 s of CPU per million facts
/// in one standalone process, more across a cluster, where each read is also serialized and sent).
/// Changes older than <see cref="IRevocationLedgerGrain.ChangesKept"/> are dropped as new ones come and at each read,
/// whether or not the shard's writes succeed, so the list holds at most that long a stretch of changes; a reader from
/// before them reads whole. Touched only on the shard's activation thread, like the rest of its state.
/// </summary>
public sealed class RevocationChanges(TimeProvider time)
{
    // A queue: dropping the oldest change is O(1), and a read walks the queue once.
    private readonly Queue<Change> kept = new();
    private long dropped;

    /// <summary>This activation: cursors of another one (or <c>default</c>) read whole.</summary>
    public Guid Activation { get; } = Guid.NewGuid();

    /// <summary>Where a reader stands once it has every change so far.</summary>
    public RevocationCursor Cursor => new(Activation, dropped + kept.Count);

    /// <summary>
    /// Notes that the fact held for <paramref name="key"/> changed. Pass the key as the shard holds it (the string
    /// of its held fact), so that the list adds no copy of it.
    /// </summary>
    public void Add((RevocationKind, string) key)
    {
        var now = time.GetUtcNow();
        DropBefore(now);
        kept.Enqueue(new Change(key, now.UtcTicks));
    }

    /// <summary>
    /// The keys changed after <paramref name="cursor"/>, each once; null when the cursor is not of this activation,
    /// or points before the changes kept or after the last one (the reader must read whole).
    /// </summary>
    public IReadOnlyCollection<(RevocationKind, string)>? Since(RevocationCursor cursor)
    {
        DropBefore(time.GetUtcNow());
        if (cursor.Activation != Activation || cursor.Changes < dropped || cursor.Changes > dropped + kept.Count)
        {
            return null;
        }

        var keys = new HashSet<(RevocationKind, string)>();
        var skip = cursor.Changes - dropped;
        foreach (var change in kept)
        {
            if (skip-- <= 0)
            {
                keys.Add(change.Key);
            }
        }

        return keys;
    }

    /// <summary>Gives back the memory a peak of changes left (the shard's sweep calls it once a minute).</summary>
    public void TrimExcess() => kept.TrimExcess();

    private void DropBefore(DateTimeOffset now)
    {
        var horizon = (now - IRevocationLedgerGrain.ChangesKept).UtcTicks;
        while (kept.TryPeek(out var oldest) && oldest.At < horizon)
        {
            kept.Dequeue();
            dropped++;
        }
    }

    /// <summary>24 bytes in the queue: the key (kind and a reference to the held string) and when, in UTC ticks.</summary>
    private readonly record struct Change((RevocationKind, string) Key, long At);
}
