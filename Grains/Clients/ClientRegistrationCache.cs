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
        entries.TryGetValue(clientId, out var entry);
        if (entry is not null && now - entry.FetchedAt < MaxAge && !entry.Registration.IsFaulted && !entry.Registration.IsCanceled)
        {
            // Possibly still being read: concurrent callers join the one read in flight.
            return entry.Registration.IsCompletedSuccessfully
                ? new ValueTask<ClientRegistration?>(entry.Registration.Result)
                : new ValueTask<ClientRegistration?>(entry.Registration);
        }

        // One read per expiry: the caller that swaps the entry reads the grain, the others wait for its answer.
        var read = new TaskCompletionSource<ClientRegistration?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fresh = new Entry(read.Task, now);
        var won = entry is null ? entries.TryAdd(clientId, fresh) : entries.TryUpdate(clientId, fresh, entry);
        if (!won && entries.TryGetValue(clientId, out var winner))
        {
            return new ValueTask<ClientRegistration?>(winner.Registration);
        }

        Read(clientId, read);
        if (entries.Count > SweepThreshold)
        {
            Sweep(now);
        }

        return new ValueTask<ClientRegistration?>(read.Task);
    }

    /// <summary>Forgets a client so that the next token for it reads its grain (after a change on this node).</summary>
    public void Invalidate(string clientId) => entries.TryRemove(clientId, out _);

    private async void Read(string clientId, TaskCompletionSource<ClientRegistration?> read)
    {
        try
        {
            read.TrySetResult(await grains.GetGrain<IClientGrain>(clientId).GetRegistration());
        }
        catch (Exception e)
        {
            // The failed entry is read again by the next caller.
            read.TrySetException(e);
        }
    }

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
