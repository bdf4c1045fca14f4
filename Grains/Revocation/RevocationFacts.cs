using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Revocation;

/// <summary>Rules for a ledger shard's set of facts; two facts about one key combine by <see cref="RevocationFactMerge"/>.</summary>
public static class RevocationFacts
{
    /// <summary>
    /// How long every fact outlives the tokens it covers. Front ends accept a token up to
    /// <see cref="AccessTokenRules.ClockSkew"/> (30 s) past its <c>exp</c>, and silos may sign with a revoked key for up
    /// to <see cref="KeyRingCache.RefreshInterval"/> (10 s) after the revocation: a fact that left before then would
    /// let a revoked token through again at the end of its life. Every fact is kept at most an access token's
    /// lifetime and this margin past its making, which the ledger's twin window relies on.
    /// </summary>
    public static readonly TimeSpan KeepMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Adds <paramref name="fact"/> to <paramref name="facts"/>, merging with what is held for its key; returns the
    /// fact now held when that changed, null when what was held already covered it. A merged fact keeps the held
    /// one's key string (<see cref="RevocationFactMerge.Merge"/>), so a key is held once however often it changes.
    /// </summary>
    public static RevocationFact? MergeInto(Dictionary<(RevocationKind, string), RevocationFact> facts, RevocationFact fact)
    {
        var key = (fact.Kind, fact.Key);
        if (!facts.TryGetValue(key, out var held))
        {
            facts[key] = fact;
            return fact;
        }

        var merged = RevocationFactMerge.Merge(held, fact);
        if (merged == held)
        {
            return null;
        }

        facts[key] = merged;
        return merged;
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
        grains.Get<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(fact.Key)).Record(fact);
}
