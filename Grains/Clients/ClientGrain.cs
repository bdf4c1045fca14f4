using Microsoft.Extensions.Logging;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>The truth about one OAuth client; minting nodes cache what <see cref="GetRegistration"/> returns.</summary>
[GrainType("client")]
public sealed partial class ClientGrain(
    [PersistentState("client", StorageNames.Main)] IPersistentState<ClientState> state,
    TimeProvider time,
    ClientRegistrationCache cache,
    ILogger<ClientGrain> logger) : Grain, IClientGrain
{
    public async Task<bool> RegisterIfAbsent(ClientSpec spec)
    {
        if (state.State.Exists)
        {
            return false;
        }

        var s = state.State;
        s.Exists = true;
        s.Name = spec.Name;
        s.SecretDigest = ClientSecrets.Digest(spec.Secret);
        s.Grants = [.. spec.Grants];
        s.Frontend = spec.Frontend;
        s.OwnerUserId = spec.OwnerUserId;
        s.Active = spec.Active;
        s.Version = 1;
        s.CreatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogRegistered(logger, this.GetPrimaryKeyString(), spec.Frontend);
        return true;
    }

    public Task<ClientRegistration?> GetRegistration()
    {
        var s = state.State;
        return Task.FromResult(s.Exists
            ? new ClientRegistration(this.GetPrimaryKeyString(), s.Name, s.SecretDigest, s.Grants.ToArray(), s.Frontend, s.OwnerUserId, s.Active, s.Version)
            : null);
    }

    public async Task<bool> SetActive(bool active)
    {
        var s = state.State;
        if (!s.Exists)
        {
            return false;
        }

        if (s.Active != active)
        {
            s.Active = active;
            s.Version++;
            await state.WriteStateAsync();
            LogActiveChanged(logger, this.GetPrimaryKeyString(), active, s.Version);
        }

        // This silo's minting cache learns at once; the others within ClientRegistrationCache.MaxAge.
        cache.Invalidate(this.GetPrimaryKeyString());
        return true;
    }

    public async Task RecordUsage(ClientUsage usage)
    {
        var s = state.State;
        if (!s.Exists)
        {
            return;
        }

        foreach (var (grant, count) in usage.IssuedByGrant)
        {
            s.IssuedByGrant[grant] = s.IssuedByGrant.GetValueOrDefault(grant) + count;
        }

        if (s.LastUsedAt is null || usage.LastUsedAt > s.LastUsedAt)
        {
            s.LastUsedAt = usage.LastUsedAt;
        }

        await state.WriteStateAsync();
    }

    public Task<ClientUsage?> GetUsage()
    {
        var s = state.State;
        return Task.FromResult(s.Exists
            ? new ClientUsage(new Dictionary<string, long>(s.IssuedByGrant), s.LastUsedAt ?? DateTimeOffset.MinValue)
            : null);
    }

    [LoggerMessage(1002, LogLevel.Information, "Client {ClientId} active: {Active} (version {Version})")]
    private static partial void LogActiveChanged(ILogger logger, string clientId, bool active, long version);

    [LoggerMessage(1001, LogLevel.Information, "Registered client {ClientId} (frontend: {Frontend})")]
    private static partial void LogRegistered(ILogger logger, string clientId, bool frontend);
}
