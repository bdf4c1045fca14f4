using Microsoft.Extensions.Logging;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>The truth about one OAuth client; minting nodes cache what <see cref="GetRegistration"/> returns.</summary>
[GrainType("client")]
public sealed partial class ClientGrain(
    [PersistentState("client", StorageNames.Main)] IPersistentState<ClientState> state,
    TimeProvider time,
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

    [LoggerMessage(1001, LogLevel.Information, "Registered client {ClientId} (frontend: {Frontend})")]
    private static partial void LogRegistered(ILogger logger, string clientId, bool frontend);
}
