using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// How two facts about one key combine, for the ledger on the silos and the view on the front ends alike.
/// Merging is commutative, associative and idempotent (the higher threshold wins, the later
/// <see cref="RevocationFact.KeepUntil"/> wins), so facts may arrive in any order, twice, or by push and by
/// re-read at once, and every holder converges to the same set.
/// </summary>
public static class RevocationFactMerge
{
    /// <summary>
    /// Merges two facts about the same key. The result carries <paramref name="a"/>'s key string: pass the fact
    /// already held first, and a holder keeps one string per key however often the key changes.
    /// </summary>
    public static RevocationFact Merge(RevocationFact a, RevocationFact b) =>
        (a.Threshold >= b.Threshold ? a : b) with { Key = a.Key, KeepUntil = a.KeepUntil > b.KeepUntil ? a.KeepUntil : b.KeepUntil };
}
