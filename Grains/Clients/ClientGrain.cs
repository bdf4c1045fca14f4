using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Clients;

/// <summary>The truth about one OAuth client; minting nodes cache what <see cref="GetRegistration"/> returns.</summary>
// §2.7: idle client grains go within minutes (front ends cache registrations, so a live client is read
// once a second per silo and stays active); a made-up id leaves nothing behind for long.
[CollectionAgeLimit(Minutes = 2)]
[GrainType("client")]
public sealed partial class ClientGrain(
    [PersistentState("client", StorageNames.Main)] IPersistentState<ClientState> state,
    TimeProvider time,
    IOptions<TokenOptions> tokens,
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
        await state.WriteOrForget(this);
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

    public async Task<ClientChangeResult> Update(ClientChange change)
    {
        var s = state.State;
        if (!s.Exists)
        {
            return new ClientChangeResult(null, null);
        }

        RevocationFact? revocation = null;
        if (change.Active == false && s.Active)
        {
            // Deactivation revokes every token of the client (§4): every version up to the current one. Recorded
            // before the state is stored, so a failed write rejects tokens early rather than late.
            revocation = new RevocationFact(RevocationKind.Client, this.GetPrimaryKeyString(), s.Version + 1, time.GetUtcNow() + tokens.Value.AccessTokenLifetime);
            await RevocationFacts.Record(GrainFactory, revocation);
        }

        s.Name = change.Name ?? s.Name;
        s.Active = change.Active ?? s.Active;
        s.Version++;
        await state.WriteOrForget(this);

        // This silo's minting cache learns at once; the others within GrainReadCache<ClientRegistration?>.MaxAge.
        cache.Invalidate(this.GetPrimaryKeyString());
        LogUpdated(logger, this.GetPrimaryKeyString(), s.Active, s.Version);
        return new ClientChangeResult(Summary(), revocation);
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

        await state.WriteOrForget(this);
    }

    public Task<ClientUsage?> GetUsage()
    {
        var s = state.State;
        return Task.FromResult(s.Exists
            ? new ClientUsage(new Dictionary<string, long>(s.IssuedByGrant), s.LastUsedAt ?? DateTimeOffset.MinValue)
            : null);
    }

    private ClientSummary Summary()
    {
        var s = state.State;
        return new ClientSummary(this.GetPrimaryKeyString(), s.Name, s.Grants.ToArray(), s.Frontend, s.OwnerUserId, s.Active, s.Version);
    }

    [LoggerMessage(1002, LogLevel.Information, "Client {ClientId} changed by an administrator (active: {Active}, version {Version})")]
    private static partial void LogUpdated(ILogger logger, string clientId, bool active, long version);

    [LoggerMessage(1001, LogLevel.Information, "Registered client {ClientId} (frontend: {Frontend})")]
    private static partial void LogRegistered(ILogger logger, string clientId, bool frontend);
}
