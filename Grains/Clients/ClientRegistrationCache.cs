using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Client registrations cached where tokens are minted, so that issuing a token does not call the client's
/// grain: a storefront's one client id would otherwise be the hottest grain of the cluster. An entry is
/// trusted for <see cref="MaxAge"/>, then read again; a deactivated client is therefore refused everywhere
/// within that time, at the cost of one grain call per client, per silo, per <see cref="MaxAge"/>.
/// </summary>
public sealed class ClientRegistrationCache(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    // Unknown client ids are cached too (as null); past this many entries the expired ones are swept, so a
    // stream of made-up ids cannot grow the cache without bound.
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public ValueTask<ClientRegistration?> Get(string clientId)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(clientId, out var entry) && now - entry.FetchedAt < MaxAge && entry.Registration.IsCompletedSuccessfully)
        {
            return new ValueTask<ClientRegistration?>(entry.Registration.Result);
        }

        // Concurrent misses may each read the grain once; reads are cheap and the entry converges.
        var fetch = grains.GetGrain<IClientGrain>(clientId).GetRegistration();
        entries[clientId] = new Entry(fetch, now);
        if (entries.Count > SweepThreshold)
        {
            Sweep(now);
        }

        return new ValueTask<ClientRegistration?>(fetch);
    }

    /// <summary>Forgets a client so that the next token for it reads its grain (after a change on this node).</summary>
    public void Invalidate(string clientId) => entries.TryRemove(clientId, out _);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in entries)
        {
            if (now - entry.FetchedAt >= MaxAge)
            {
                entries.TryRemove(id, out _);
            }
        }
    }

    private sealed record Entry(Task<ClientRegistration?> Registration, DateTimeOffset FetchedAt);
}
