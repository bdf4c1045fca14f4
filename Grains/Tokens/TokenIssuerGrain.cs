using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Mints tokens. <see cref="StatelessWorkerAttribute"/>: it holds nothing, so the silo that receives the call
/// answers it (no directory, no hop to another silo), and the signatures run on the thread pool (<see cref="OffTurn"/>),
/// so every core of that silo signs in parallel.
/// <see cref="ReentrantAttribute"/>: it holds nothing of its own to guard, and a password login waits for its user's
/// grain (the hash, a lockout count's write, a silo that died under it); without it, one worker per core meant that
/// many logins at once, and guest and client_credentials tokens queued behind them until they expired.
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("token-issuer")]
public sealed partial class TokenIssuerGrain(
    ClientRegistrationCache clients,
    KeyRingCache keyRing,
    TokenFactory factory,
    TimeProvider time,
    IssuanceCounters counters,
    OwnerCache owners,
    VisitorTokenValidator visitorTokens,
    GuestTokenReserve reserve,
    ILogger<TokenIssuerGrain> logger) : Grain, ITokenIssuerGrain
{
    private static readonly TokenDenied InvalidClient = new(DenialReason.InvalidClient);
    private static readonly TokenDenied InvalidCredentials = new(DenialReason.InvalidCredentials);

    public async Task<TokenOutcome> IssuePassword(PasswordGrantRequest request)
    {
        var client = await AuthenticateClient(request.Client, GrantTypes.Password);
        if (client is null)
        {
            return InvalidClient;
        }

        // §2.2: the scope is checked once the client is known, before any user is looked at.
        var (scope, refusedScope) = ClientScopes.Check(request.Scope, client.AllowedScopes);
        if (scope is null)
        {
            return new TokenDenied(DenialReason.InvalidScope, refusedScope);
        }

        // §2.2: guest/guest, exactly, on a storefront client is a new visitor; on a back-office client it is an
        // ordinary (failing) login. Nothing is stored and no grain but this one is called.
        if (GuestLogin.Serves(client) && GuestLogin.Matches(request.Username, request.Password))
        {
            var now = time.GetUtcNow();
            var keys = await keyRing.Get();
            counters.Count(client.Identifier, IssuanceCounters.Guest, now);
            // Guest:Reserve: an access token signed ahead, if one is fit to serve; the refresh token is made now.
            if (reserve.Enabled && scope.Length == 0 && reserve.TryTake(client, keys) is { } reserved)
            {
                return await OffTurn(() => factory.IssueReserved(reserved, client, keys));
            }

            var visitor = new TokenSubject(client, ShoppingListOwners.Visitor(TokenFactory.NewId()), null, null, scope);
            var family = new RefreshFamilyPosition(TokenFactory.NewId(), 0, now);
            return await OffTurn(() => factory.Issue(visitor, keys, family));
        }

        var userId = await ResolveLogin(client.Application, request.Username);
        if (userId is null)
        {
            Users.PasswordHashing.VerifyAgainstDummy(request.Password);
            return InvalidCredentials;
        }

        var check = await GrainFactory.Get<IUserGrain>(userId).VerifyPassword(request.Password);
        switch (check.Status)
        {
            case PasswordCheckStatus.Disabled:
                return new TokenDenied(DenialReason.AccountDisabled);
            case PasswordCheckStatus.Locked:
                return new TokenDenied(DenialReason.AccountLocked);
            case PasswordCheckStatus.Overloaded:
                return new TokenDenied(DenialReason.Overloaded);
            case PasswordCheckStatus.Success when check.User is { } user && user.Application == client.Application:
                var subject = new TokenSubject(client, user.Subject, user.Id, user.Epoch, scope);
                var family = new RefreshFamilyPosition(TokenFactory.NewId(), 0, time.GetUtcNow());
                LogIssued(logger, client.Identifier, GrantTypes.Password);
                var keys = await keyRing.Get();
                if (client.Frontend && request.VisitorAccessToken is { } visitorToken)
                {
                    await MoveVisitorList(client, visitorToken, user, keys);
                }

                counters.Count(client.Identifier, GrantTypes.Password, family.IssuedAt);
                return await OffTurn(() => factory.Issue(subject, keys, family));
            default:
                return check.Unhashed > TimeSpan.Zero ? new TokenDenied(DenialReason.InvalidCredentials, AnswerAfter: check.Unhashed) : InvalidCredentials;
        }
    }

    public async Task<TokenOutcome> IssueClientCredentials(ClientCredentialsGrantRequest request)
    {
        var client = await AuthenticateClient(request.Client, GrantTypes.ClientCredentials);
        if (client?.OwnerUserId is not { } ownerId)
        {
            return InvalidClient;
        }

        var (scope, refusedScope) = ClientScopes.Check(request.Scope, client.AllowedScopes);
        if (scope is null)
        {
            return new TokenDenied(DenialReason.InvalidScope, refusedScope);
        }

        // The owner's identity is what the token authorizes (uid, uep); an owner who cannot log in lends none.
        var owner = await owners.Get(ownerId);
        var now = time.GetUtcNow();
        if (owner is null || !owner.Enabled || owner.Application != client.Application || owner.Locked)
        {
            return InvalidClient;
        }

        var subject = new TokenSubject(client, client.Identifier, owner.Id, owner.Epoch, scope);
        LogIssued(logger, client.Identifier, GrantTypes.ClientCredentials);
        counters.Count(client.Identifier, GrantTypes.ClientCredentials, now);
        var keys = await keyRing.Get();
        return await OffTurn(() => factory.Issue(subject, keys, family: null));
    }

    /// <summary>
    /// Runs a token's making (its signatures) on the thread pool, off this worker's turn. A stateless worker's message
    /// loop (Orleans 10, <c>ActivationData.RunMessageLoop</c>) starts every request queued to it in one turn, and a
    /// request that does not await runs to its end there: signed in that turn, under saturation one turn signed for as
    /// long as logins kept arriving (warning 101215 of the <c>WorkItemGroup</c>, 200 ms and more), while the answers it
    /// had made waited behind it. With RS256 at 64 connections the p99 was 0.1–0.7 s and some logins waited past 2 s;
    /// made here, 24–29 ms at the same rate (docs/performance.md). <see cref="TaskCreationOptions.PreferFairness"/>
    /// queues the work on the pool's global queue, first in first out, not on the local queue of the thread that runs
    /// this turn.
    /// </summary>
    private static Task<TokenIssued> OffTurn(Func<TokenIssued> make) =>
        Task.Factory.StartNew(make, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);

    /// <summary>
    /// §2.4: a valid, unrevoked guest access token of the same client moves the visitor's list to the customer.
    /// Anything else is logged (never the token) and ignored: the login succeeds either way. Revocation is decided
    /// here, by the grains that decide it, not by a front end's view of the ledger: the guest's family grain (revoked,
    /// or the token superseded by a refresh) and the client's registration (deactivated or deleted since).
    /// </summary>
    private async Task MoveVisitorList(ClientRegistration client, string visitorToken, UserView user, SigningMaterial keys)
    {
        var (visitor, refusal) = await visitorTokens.Validate(visitorToken, client.Identifier, keys);
        if (visitor is null)
        {
            LogVisitorTokenIgnored(logger, client.Identifier, refusal!);
            return;
        }

        try
        {
            if (visitor.ClientVersion < client.TokensFromVersion
                || (visitor.FamilyId is { } family && !await GrainFactory.Get<IRefreshFamilyGrain>(family).IsCurrent(visitor.Generation)))
            {
                LogVisitorTokenIgnored(logger, client.Identifier, "revoked");
                return;
            }

            await GrainFactory.Get<IShoppingListGrain>(visitor.Subject).MoveTo(ShoppingListOwners.Customer(user.Id));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The visitor's list stays where it is; a later login with the same token moves it.
            LogVisitorMoveFailed(logger, client.Identifier, e.GetType().Name);
        }
    }

    /// <summary>
    /// The client check of every grant: known, active, the secret's digest equal in constant time, and the grant
    /// on its registration. Every failure is the same <c>invalid_client</c> (§2.5).
    /// </summary>
    private async ValueTask<ClientRegistration?> AuthenticateClient(ClientCredentials credentials, string grantType) =>
        ClientAuthentication.Check(await clients.Get(credentials.ClientId), credentials, grantType);

    private async Task<string?> ResolveLogin(ApplicationKind application, string login)
    {
        if (application == ApplicationKind.Storefront)
        {
            return await GrainFactory.Get<ILoginNameGrain>(LoginNames.StorefrontEmail(login)).Resolve();
        }

        // Back-office users log in by username, else by email (§2.2); a name holds both keys or neither (§5, UserLoginNames).
        return await GrainFactory.Get<ILoginNameGrain>(LoginNames.BackofficeUsername(login)).Resolve()
            ?? await GrainFactory.Get<ILoginNameGrain>(LoginNames.BackofficeEmail(login)).Resolve();
    }

    [LoggerMessage(LogEvents.TokenIssuerVisitorTokenIgnored, LogLevel.Information, "Ignored the visitor_access_token of a login to client {ClientId}: {Reason}")]
    private static partial void LogVisitorTokenIgnored(ILogger logger, string clientId, string reason);

    [LoggerMessage(LogEvents.TokenIssuerVisitorMoveFailed, LogLevel.Warning, "Could not move a visitor's list at a login to client {ClientId} ({Exception}); the login goes on")]
    private static partial void LogVisitorMoveFailed(ILogger logger, string clientId, string exception);

    [LoggerMessage(LogEvents.TokenIssuerIssued, LogLevel.Debug, "Issued a token to client {ClientId} by grant {GrantType}")]
    private static partial void LogIssued(ILogger logger, string clientId, string grantType);
}
