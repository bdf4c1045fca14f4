using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// The front end's in-memory revocation facts (docs/revocation.md). Checking a token is five
/// dictionary look-ups, no grain call and no database read. Family and <c>jti</c> facts, the many, are held
/// compactly by their 128-bit ids (<see cref="CompactRevocationFacts"/>); user, client and signing-key facts
/// as they come.
/// </summary>
public sealed class RevocationView(TimeProvider time) : IAccessTokenRevocationCheck
{
    private readonly ConcurrentDictionary<(RevocationKind, string), RevocationFact> facts = new();
    private readonly CompactRevocationFacts families = new();
    private readonly CompactRevocationFacts tokens = new();

    /// <summary>Adds a fact, merged by <see cref="RevocationFactMerge"/> with what is held for its key; family and
    /// <c>jti</c> facts of the compact shape go to their compact tables.</summary>
    public void Apply(RevocationFact fact)
    {
        if (CompactOf(fact.Kind)?.TryApply(fact.Key, fact.Threshold, fact.KeepUntil) == true)
        {
            return;
        }

        facts.AddOrUpdate((fact.Kind, fact.Key), fact, (_, held) => RevocationFactMerge.Merge(held, fact));
    }

    public bool IsRevoked(AccessToken token) =>
        Below(RevocationKind.Client, token.ClientId, token.ClientVersion)
        || (token.UserId is not null && Below(RevocationKind.User, token.UserId, token.UserEpoch ?? 0))
        || (token.FamilyId is not null && Below(RevocationKind.Family, token.FamilyId, token.Generation ?? 0))
        || tokens.Threshold(token.TokenId) is not null
        || facts.ContainsKey((RevocationKind.Token, token.TokenId))
        || (token.KeyId is not null && facts.ContainsKey((RevocationKind.SigningKey, token.KeyId)));

    /// <summary>Number of facts held (for metrics and the memory bound).</summary>
    public int Count => facts.Count + families.Count + tokens.Count;

    /// <summary>Drops every fact whose tokens have all expired.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var dropped = families.Sweep(now) + tokens.Sweep(now);
        foreach (var (key, fact) in facts)
        {
            if (fact.KeepUntil < now && facts.TryRemove(key, out _))
            {
                dropped++;
            }
        }

        return dropped;
    }

    private bool Below(RevocationKind kind, string key, long value) =>
        (CompactOf(kind)?.Threshold(key) is { } threshold && value < threshold)
        || (facts.TryGetValue((kind, key), out var fact) && value < fact.Threshold);

    private CompactRevocationFacts? CompactOf(RevocationKind kind) => kind switch
    {
        RevocationKind.Family => families,
        RevocationKind.Token => tokens,
        _ => null,
    };
}
