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
    private static readonly ClientProblem Taken = new("identifier", "The identifier names a client already.");

    private string Identifier => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An upper-case spelling of a hexadecimal identifier would be a second, stale copy of the client: the front end
        // and the APIs refuse such identifiers; this is the last line.
        StorageKeys.EnsureCanonical(this.GetGrainId());
        return Task.CompletedTask;
    }

    public async Task<bool> RegisterIfAbsent(ClientSpec spec)
    {
        if (state.State.Exists || state.State.Deleted)
        {
            return false;
        }

        await Register(spec, spec.Secret ?? ClientSecrets.Generate());
        return true;
    }

    public async Task<ClientSecretIssued> Create(ClientSpec spec)
    {
        if (state.State.Exists || state.State.Deleted)
        {
            return new ClientSecretIssued(null, null, Taken);
        }

        var scopes = spec.AllowedScopes ?? [];
        if ((ClientRules.Check(spec.Name, spec.Grants, spec.Frontend, spec.OwnerUserId, scopes) ?? await CheckOwner(spec.OwnerUserId, spec.Frontend)) is { } problem)
        {
            return new ClientSecretIssued(null, null, problem);
        }

        var secret = spec.Secret ?? ClientSecrets.Generate();
        await Register(spec with { Name = spec.Name.Trim() }, secret);
        return new ClientSecretIssued(Summary(), secret);
    }

    public Task<ClientRegistration?> GetRegistration()
    {
        var s = state.State;
        return Task.FromResult(s.Exists
            ? new ClientRegistration(Identifier, s.Name, s.SecretDigest, s.Grants.ToArray(), s.Frontend, s.OwnerUserId, s.Active, s.Version, s.AllowedScopes.ToArray(), s.TokensFromVersion)
            : null);
    }

    public Task<ClientSummary?> Get() => Task.FromResult(state.State.Exists ? Summary() : null);

    public async Task<ClientChangeResult> Update(ClientChange change)
    {
        var s = state.State;
        if (!s.Exists)
        {
            return new ClientChangeResult(null, null);
        }

        var name = change.Name?.Trim() ?? s.Name;
        var grants = change.Grants ?? s.Grants;
        var owner = change.OwnerUserId ?? s.OwnerUserId;
        var scopes = change.AllowedScopes ?? s.AllowedScopes;
        // The registration's rules are checked when the change touches them; a name change or a (de)activation alone
        // is never refused for what an older registration (a seed file's) holds, so any client can be deactivated.
        var touchesRegistration = change.Grants is not null || change.OwnerUserId is not null || change.AllowedScopes is not null;
        var problem = touchesRegistration
            ? ClientRules.Check(change.Name ?? s.Name, grants, s.Frontend, owner, scopes) ?? (change.OwnerUserId is null ? null : await CheckOwner(owner, s.Frontend))
            : change.Name is null ? null : ClientRules.CheckName(change.Name);
        if (problem is not null)
        {
            return new ClientChangeResult(null, null, problem);
        }

        var revocation = change.Active == false && s.Active ? await RevokeAll() : null;
        await Write(() =>
        {
            s.Name = name;
            s.Grants = [.. grants];
            s.OwnerUserId = owner;
            s.AllowedScopes = [.. scopes];
            s.Active = change.Active ?? s.Active;
            s.Version++;
            s.TokensFromVersion = revocation?.Threshold ?? s.TokensFromVersion;
        });
        LogUpdated(logger, Identifier, s.Active, s.Version);
        return new ClientChangeResult(Summary(), revocation);
    }

    public async Task<ClientSecretIssued> RotateSecret()
    {
        var s = state.State;
        if (!s.Exists)
        {
            return new ClientSecretIssued(null, null);
        }

        var secret = ClientSecrets.Generate();
        await Write(() =>
        {
            s.SecretDigest = ClientSecrets.Digest(secret);
            s.Version++;
        });
        LogSecretRotated(logger, Identifier, s.Version);
        return new ClientSecretIssued(Summary(), secret);
    }

    public async Task<ClientChangeResult> Delete()
    {
        var s = state.State;
        if (!s.Exists)
        {
            return new ClientChangeResult(null, null);
        }

        // Revoked even when the client is inactive: its tokens were revoked then, but a fact lasts only as long as
        // the access tokens it covers, and deleting must leave nothing to reactivate.
        var revocation = await RevokeAll();
        await Write(() =>
        {
            s.Exists = false;
            s.Deleted = true;
            s.Active = false;
            s.SecretDigest = [];
            s.Version++;
            s.TokensFromVersion = revocation.Threshold;
        });
        LogDeleted(logger, Identifier, s.Version);
        return new ClientChangeResult(null, revocation);
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

    private async Task Register(ClientSpec spec, string secret)
    {
        await Write(() =>
        {
            var s = state.State;
            s.Exists = true;
            s.Name = spec.Name;
            s.SecretDigest = ClientSecrets.Digest(secret);
            s.Grants = [.. spec.Grants];
            s.Frontend = spec.Frontend;
            s.OwnerUserId = spec.OwnerUserId;
            s.AllowedScopes = [.. spec.AllowedScopes ?? []];
            s.Active = spec.Active;
            s.Version = 1;
            s.CreatedAt = time.GetUtcNow();
        });
        LogRegistered(logger, Identifier, spec.Frontend);
    }

    /// <summary>
    /// Revokes every token of the client (§4): access tokens through the ledger (every version up to the current
    /// one), refresh tokens through <see cref="ClientState.TokensFromVersion"/>, which the caller stores with the
    /// change. Recorded before the state is stored, so a failed write rejects tokens early rather than late.
    /// </summary>
    private async Task<RevocationFact> RevokeAll()
    {
        var fact = new RevocationFact(RevocationKind.Client, Identifier, state.State.Version + 1, time.GetUtcNow() + tokens.Value.AccessTokenLifetime + RevocationFacts.KeepMargin);
        await RevocationFacts.Record(GrainFactory, fact);
        return fact;
    }

    /// <summary>The owner of a client must be an enabled-or-not account of the client's own application.</summary>
    private async Task<ClientProblem?> CheckOwner(string? ownerUserId, bool frontend)
    {
        if (ownerUserId is null)
        {
            return null;
        }

        var owner = UserIdentifier.IsWellFormed(ownerUserId)
            ? await GrainFactory.Get<IUserGrain>(ownerUserId).Get()
            : null;
        var application = frontend ? ApplicationKind.Storefront : ApplicationKind.Backoffice;
        return owner?.Application == application
            ? null
            : new ClientProblem("owner", $"'{ownerUserId}' is not the id of a {(frontend ? "customer user" : "back-office user")}.");
    }

    /// <summary>Applies a change to the state and stores it; when the write fails the activation is dropped, so the change leaves no trace.</summary>
    private async Task Write(Action change)
    {
        change();
        await state.WriteOrForget(this);

        // This silo's minting cache learns at once; the others within ClientRegistrationCache.MaxAge.
        cache.Invalidate(Identifier);
    }

    private ClientSummary Summary()
    {
        var s = state.State;
        return new ClientSummary(Identifier, s.Name, s.Grants.ToArray(), s.Frontend, s.OwnerUserId, s.Active, s.Version,
            s.AllowedScopes.ToArray(), new Dictionary<string, long>(s.IssuedByGrant), s.LastUsedAt, s.CreatedAt);
    }

    [LoggerMessage(LogEvents.ClientUpdated, LogLevel.Information, "Client {ClientId} changed by an administrator (active: {Active}, version {Version})")]
    private static partial void LogUpdated(ILogger logger, string clientId, bool active, long version);

    [LoggerMessage(LogEvents.ClientRegistered, LogLevel.Information, "Registered client {ClientId} (frontend: {Frontend})")]
    private static partial void LogRegistered(ILogger logger, string clientId, bool frontend);

    [LoggerMessage(LogEvents.ClientSecretRotated, LogLevel.Information, "Client {ClientId}'s secret was replaced (version {Version})")]
    private static partial void LogSecretRotated(ILogger logger, string clientId, long version);

    [LoggerMessage(LogEvents.ClientDeleted, LogLevel.Information, "Client {ClientId} deleted; its tokens are revoked (version {Version})")]
    private static partial void LogDeleted(ILogger logger, string clientId, long version);
}
