using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// The front end's in-memory revocation facts (docs/revocation.md). Checking a token is four
/// dictionary look-ups, no grain call and no database read.
/// </summary>
public sealed class RevocationView(TimeProvider time) : IAccessTokenRevocationCheck
{
    private readonly ConcurrentDictionary<(RevocationKind, string), RevocationFact> facts = new();

    /// <summary>Adds a fact; a fact for the same key keeps the higher threshold.</summary>
    public void Apply(RevocationFact fact) =>
        facts.AddOrUpdate((fact.Kind, fact.Key), fact, (_, old) => old.Threshold >= fact.Threshold
            ? old with { KeepUntil = Max(old.KeepUntil, fact.KeepUntil) }
            : fact with { KeepUntil = Max(old.KeepUntil, fact.KeepUntil) });

    public bool IsRevoked(AccessToken token) =>
        Below(RevocationKind.Client, token.ClientId, token.ClientVersion)
        || (token.UserId is not null && Below(RevocationKind.User, token.UserId, token.UserEpoch ?? 0))
        || (token.FamilyId is not null && Below(RevocationKind.Family, token.FamilyId, token.Generation ?? 0))
        || facts.ContainsKey((RevocationKind.Token, token.TokenId));

    /// <summary>Number of facts held (for metrics and the memory bound).</summary>
    public int Count => facts.Count;

    /// <summary>Drops every fact whose tokens have all expired.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var dropped = 0;
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
        facts.TryGetValue((kind, key), out var fact) && value < fact.Threshold;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
