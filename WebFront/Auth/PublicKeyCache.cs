using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// The front end's copy of the published keys: validating a token needs no grain call. Read again every
/// <see cref="RefreshInterval"/>, and at once (at most every <see cref="MissCooldown"/>) when a token names
/// a key id it does not know.
/// </summary>
public sealed class PublicKeyCache(ClusterCalls cluster, TimeProvider time) : IPublicKeySource, IDisposable
{
    /// <summary>Part of the publication delay a key waits before it signs (<see cref="KeyPublication"/>).</summary>
    public static readonly TimeSpan RefreshInterval = KeyPublication.FrontEndRefreshInterval;
    public static readonly TimeSpan MissCooldown = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? current;
    private DateTimeOffset lastMissRefresh;

    /// <summary>The published key set as last read, for the JWKS document.</summary>
    public async ValueTask<PublicKeySet> GetKeySet() => (await Get(null)).Keys;

    /// <summary>The validation key for <paramref name="kid"/>, or null when no published key has it.</summary>
    public async ValueTask<SecurityKey?> Find(string? kid)
    {
        if (string.IsNullOrEmpty(kid))
        {
            return null;
        }

        var snapshot = await Get(kid);
        return snapshot.ByKid.GetValueOrDefault(kid);
    }

    /// <summary>The key for <paramref name="kid"/> from the cache as it is, without reading the key ring.</summary>
    public SecurityKey? FindCached(string? kid) => kid is null ? null : current?.ByKid.GetValueOrDefault(kid);

    /// <summary>Forgets the cached keys, so that the next use reads them again (after a key was revoked here).</summary>
    public void Invalidate() => current = null;

    public void Dispose() => gate.Dispose();

    private async ValueTask<Snapshot> Get(string? wantedKid)
    {
        var snapshot = current;
        var now = time.GetUtcNow();
        var fresh = snapshot is not null && now - snapshot.FetchedAt < RefreshInterval;
        var missing = snapshot is not null && wantedKid is not null && !snapshot.ByKid.ContainsKey(wantedKid);
        if (fresh && !(missing && now - lastMissRefresh >= MissCooldown))
        {
            return snapshot!;
        }

        await gate.WaitAsync();
        try
        {
            if (current is not null && current != snapshot)
            {
                return current;
            }

            if (missing)
            {
                lastMissRefresh = now;
            }

            var keys = await cluster.Retrying(grains => grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).GetPublicKeys());
            var byKid = snapshot?.Keys.Version == keys.Version
                ? snapshot.ByKid
                : keys.Keys.ToDictionary(k => k.Kid, PublicKeys.ToPublicSecurityKey, StringComparer.Ordinal);
            current = new Snapshot(keys, byKid, now);
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Snapshot(PublicKeySet Keys, IReadOnlyDictionary<string, SecurityKey> ByKid, DateTimeOffset FetchedAt);
}
