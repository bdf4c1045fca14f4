using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// Pure rules for sets of facts. Merging is commutative, associative and idempotent (the higher threshold wins,
/// the later <see cref="RevocationFact.KeepUntil"/> wins), so facts may arrive in any order, twice, or by push and
/// by re-read at once, and every holder converges to the same set.
/// </summary>
public static class RevocationFacts
{
    /// <summary>Merges two facts about the same key.</summary>
    public static RevocationFact Merge(RevocationFact a, RevocationFact b) =>
        (a.Threshold >= b.Threshold ? a : b) with { KeepUntil = a.KeepUntil > b.KeepUntil ? a.KeepUntil : b.KeepUntil };

    /// <summary>Adds <paramref name="fact"/> to <paramref name="facts"/>, merging with what is held for its key.</summary>
    public static void MergeInto(Dictionary<(RevocationKind, string), RevocationFact> facts, RevocationFact fact)
    {
        var key = (fact.Kind, fact.Key);
        facts[key] = facts.TryGetValue(key, out var held) ? Merge(held, fact) : fact;
    }

    /// <summary>Removes the facts that can no longer reject a live token.</summary>
    public static int Prune(Dictionary<(RevocationKind, string), RevocationFact> facts, DateTimeOffset now)
    {
        var expired = facts.Where(f => f.Value.KeepUntil <= now).Select(f => f.Key).ToList();
        foreach (var key in expired)
        {
            facts.Remove(key);
        }

        return expired.Count;
    }

    /// <summary>Records a fact in the ledger shard that owns its key.</summary>
    public static Task Record(IGrainFactory grains, RevocationFact fact) =>
        grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(fact.Key)).Record(fact);
}
