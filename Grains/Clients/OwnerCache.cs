using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Owners of <c>client_credentials</c> clients, cached like <see cref="ClientRegistrationCache"/> for
/// <see cref="ClientRegistrationCache.MaxAge"/>, so that a machine client's tokens do not call its owner's grain
/// once per token. A disabled or locked owner is refused everywhere within that time; tokens carry the owner's
/// epoch, so those already issued are revoked by the epoch.
/// </summary>
public sealed class OwnerCache(IGrainFactory grains, TimeProvider time)
{
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public ValueTask<UserView?> Get(string userId)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(userId, out var entry) && now - entry.FetchedAt < ClientRegistrationCache.MaxAge && entry.User.IsCompletedSuccessfully)
        {
            return new ValueTask<UserView?>(entry.User.Result);
        }

        var fetch = grains.GetGrain<IUserGrain>(userId).Get();
        entries[userId] = new Entry(fetch, now);
        if (entries.Count > SweepThreshold)
        {
            foreach (var (id, old) in entries)
            {
                if (now - old.FetchedAt >= ClientRegistrationCache.MaxAge)
                {
                    entries.TryRemove(id, out _);
                }
            }
        }

        return new ValueTask<UserView?>(fetch);
    }

    private sealed record Entry(Task<UserView?> User, DateTimeOffset FetchedAt);
}
