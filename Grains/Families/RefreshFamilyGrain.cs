using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Families;

/// <summary>
/// One refresh-token family (§3). Non-reentrant on purpose: it is the family's single writer, so "redeem exactly
/// once" is read → check → write → return in one turn, and of concurrent refreshes with one token exactly one
/// wins; the others present a consumed generation, which is reuse.
/// </summary>
// §2.7: a family is asked once per refresh (every few minutes at most); one that answered a refresh
// or a revocation leaves at once (LeaveMemory); one asked only whether a token is current goes within minutes.
[CollectionAgeLimit(Minutes = 2)]
[GrainType("refresh-family")]
public sealed partial class RefreshFamilyGrain(
    [PersistentState("refresh-family", StorageNames.Main)] IPersistentState<RefreshFamilyState> state,
    ClientRegistrationCache clients,
    KeyRingCache keyRing,
    TokenFactory factory,
    IssuanceCounters counters,
    TimeProvider time,
    ILogger<RefreshFamilyGrain> logger) : Grain, IRefreshFamilyGrain
{
    private string FamilyId => this.GetPrimaryKeyString();

    public async Task<TokenOutcome> Rotate(RefreshGrantRequest request)
    {
        try
        {
            return await Answer(request);
        }
        finally
        {
            LeaveMemory();
        }
    }

    private async Task<TokenOutcome> Answer(RefreshGrantRequest request)
    {
        var client = ClientAuthentication.Check(await clients.Get(request.Client.ClientId), request.Client, GrantTypes.Password);
        if (client is null)
        {
            return new TokenDenied(DenialReason.InvalidClient);
        }

        var keys = await keyRing.Get();
        var read = await RefreshTokenReader.Read(request.RefreshToken, keys, factory.Options.Issuer, client, time.GetUtcNow());
        if (read.Claims is not { } token)
        {
            return new TokenDenied(read.Failure);
        }

        if (token.FamilyId != FamilyId)
        {
            // The front end routed by an unverified fid that the signed claims do not back.
            return new TokenDenied(DenialReason.RefreshTokenUnreadable);
        }

        // The account first (§2.5): a disabled or locked user hears so, even when presenting a consumed token.
        if (token.UserId is { } userId
            && AccountStanding.Check(await GrainFactory.Get<IUserGrain>(userId).Get(), token.UserEpoch) is { } refusal)
        {
            return new TokenDenied(refusal);
        }

        await ForgetIfExpired();
        return await Decide(() => Advance(client, token, keys, request.Requester));
    }

    public async Task<RevocationFact> Revoke(DateTimeOffset knownAccessExpiry)
    {
        try
        {
            await ForgetIfExpired();
            return await Decide(() => RevokeFamily(knownAccessExpiry, "revoked"));
        }
        finally
        {
            LeaveMemory();
        }
    }

    public async Task<bool> IsCurrent(long generation)
    {
        await ForgetIfExpired();
        return !state.State.Revoked && state.State.Generation == generation;
    }

    /// <summary>
    /// §2.7: a state whose every token has expired (see <see cref="Expiry.ExpirySweepGrain.FamilyCutoff"/>) is
    /// forgotten, so this activation answers as it will once the sweep has deleted the row: read again (which also
    /// renews the version when the row is gone), and if the row is still there, start from the empty state.
    /// </summary>
    private async ValueTask ForgetIfExpired()
    {
        if (!IsExpired())
        {
            return;
        }

        await state.ReadStateAsync();
        if (IsExpired())
        {
            state.State = new RefreshFamilyState();
        }
    }

    /// <summary>
    /// A family is asked once per access-token lifetime, so the activation that answered a refresh (whatever the
    /// answer) or a revocation is not asked again before the collector would drop it (<see
    /// cref="CollectionAgeLimitAttribute"/>): it leaves now. Kept for those two minutes, every refresh's activation
    /// (its state holds the last pair, about 2 KB) outlived the young GC generations, so each collection copied the
    /// last seconds' families: at 850 refreshes/s of families not asked before (bench/refresh-first.sh), GC pauses
    /// of 30–77 ms in a second every few seconds, a refresh p99 of 39–55 ms and about 400 MB resident, against
    /// 18–19 ms and 200 MB once it left (docs/performance.md, row 8).
    /// A retry or a reuse that follows reads the stored state like any new activation; calls queued behind this one
    /// go to that activation.
    /// </summary>
    private void LeaveMemory() => DeactivateOnIdle();

    private bool IsExpired() =>
        state.State.ChangedAt is { } changed && changed + factory.Options.RefreshTokenLifetime <= time.GetUtcNow();

    private Task Write()
    {
        state.State.ChangedAt = time.GetUtcNow();
        return state.WriteOrForget(this);
    }

    private async Task<TokenOutcome> Advance(ClientRegistration client, RefreshTokenClaims token, SigningMaterial keys, IRevocationObserver? requester)
    {
        var s = state.State;
        var options = factory.Options;
        var now = time.GetUtcNow();
        if (s.Revoked)
        {
            return new TokenDenied(DenialReason.RefreshTokenRevoked);
        }

        if (IsRetry(token, client, now) is { } retry)
        {
            FamilyMetrics.RetriesAnswered.Add(1);
            LogRetry(logger, FamilyId, client.Identifier, token.Generation);
            return retry;
        }

        if (token.Generation < s.Generation)
        {
            var fact = await RevokeFamily(token.IssuedAt + options.AccessTokenLifetime, "reuse");
            FamilyMetrics.ReuseDetected.Add(1);
            LogReuse(logger, FamilyId, client.Identifier, token.Generation, s.Generation);
            return new RefreshDenied(DenialReason.RefreshTokenRevoked, [fact]);
        }

        if (token.Generation > s.Generation)
        {
            // A genuine token ahead of the stored state: the state was lost. Refuse rather than fork the family.
            return new TokenDenied(DenialReason.RefreshTokenRevoked);
        }

        var familyEnd = token.FamilyIssuedAt + options.FamilyLifetime;
        if (familyEnd <= now)
        {
            return new TokenDenied(DenialReason.RefreshTokenExpired);
        }

        // The access token issued with the consumed refresh token (same iat) is superseded from now on (§3).
        var next = token.Generation + 1;
        var superseded = new RevocationFact(RevocationKind.Family, FamilyId, next, token.IssuedAt + options.AccessTokenLifetime + RevocationFacts.KeepMargin);

        var subject = new TokenSubject(client, token.Subject, token.UserId, token.UserEpoch, token.Scope);
        var issued = factory.Issue(subject, keys, new RefreshFamilyPosition(FamilyId, next, token.FamilyIssuedAt));
        s.Generation = next;
        s.ClientId = client.Identifier;
        s.FamilyExpiresAt = familyEnd;
        s.NewestAccessExpiresAt = now + options.AccessTokenLifetime;
        s.RotatedAt = now;
        (s.LastAccessToken, s.LastRefreshToken, s.LastExpiresIn) = (issued.AccessToken, issued.RefreshToken, issued.ExpiresIn);
        await Write();

        // The generation first, then the fact: published before a write that then failed, the fact cut short the
        // access token the client still holds while its refresh token had not been consumed. Published, not
        // recorded: front ends have it when this returns (the one that asked applies it from the answer, so it gets
        // no push), and the ledger stores it with its next batched write, because a rotation is the most frequent
        // event of all. Should this silo die in between, the superseded access token lives out its (short) lifetime.
        await Ledger.Publish(superseded, requester);
        FamilyMetrics.Rotations.Add(1);
        // Counted here, where a rotation happens once: a retried refresh (IsRetry above) gets the same pair again.
        counters.Count(client.Identifier, GrantTypes.RefreshToken, now);
        return new TokenRotated(issued, [superseded]);
    }

    /// <summary>
    /// §3, a retried refresh is not reuse: the token consumed by the last rotation, presented again by the same client
    /// within the window while the refresh token issued then is unused (the family is still at that generation),
    /// gets the same pair again, with the revocation fact that rotation produced.
    /// </summary>
    private TokenRotated? IsRetry(RefreshTokenClaims token, ClientRegistration client, DateTimeOffset now)
    {
        var s = state.State;
        if (token.Generation != s.Generation - 1
            || s.LastAccessToken is not { } access
            || s.RotatedAt is not { } rotatedAt
            || now - rotatedAt > factory.Options.RefreshRetryWindow
            || s.ClientId != client.Identifier)
        {
            return null;
        }

        var superseded = new RevocationFact(RevocationKind.Family, FamilyId, s.Generation, token.IssuedAt + factory.Options.AccessTokenLifetime + RevocationFacts.KeepMargin);
        return new TokenRotated(new TokenIssued(access, s.LastRefreshToken, s.LastExpiresIn), [superseded]);
    }

    private async Task<RevocationFact> RevokeFamily(DateTimeOffset knownAccessExpiry, string reason)
    {
        var s = state.State;
        var newest = s.NewestAccessExpiresAt > knownAccessExpiry ? s.NewestAccessExpiresAt : knownAccessExpiry;
        var fact = new RevocationFact(RevocationKind.Family, FamilyId, long.MaxValue, newest + RevocationFacts.KeepMargin);
        if (s.Revoked)
        {
            return fact;
        }

        await Ledger.Record(fact);
        s.Revoked = true;
        s.NewestAccessExpiresAt = newest;
        await Write();
        FamilyMetrics.FamiliesRevoked.Add(1, new KeyValuePair<string, object?>("reason", reason));
        LogRevoked(logger, FamilyId, reason);
        return fact;
    }

    /// <summary>Runs a decision; when another activation wrote first, re-reads the state and decides again, once.</summary>
    private async Task<T> Decide<T>(Func<Task<T>> decision)
    {
        try
        {
            return await decision();
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            return await decision();
        }
    }

    private IRevocationLedgerGrain Ledger => GrainFactory.Get<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(FamilyId));

    [LoggerMessage(LogEvents.RefreshFamilyReuse, LogLevel.Warning, "Refresh token reuse in family {FamilyId} of client {ClientId}: generation {Presented} presented, current {Current}; the family is revoked")]
    private static partial void LogReuse(ILogger logger, string familyId, string clientId, long presented, long current);

    [LoggerMessage(LogEvents.RefreshFamilyRevoked, LogLevel.Information, "Refresh family {FamilyId} revoked ({Reason})")]
    private static partial void LogRevoked(ILogger logger, string familyId, string reason);

    [LoggerMessage(LogEvents.RefreshFamilyRetry, LogLevel.Information, "Refresh family {FamilyId} of client {ClientId}: generation {Presented} presented again within the retry window; the same pair is returned")]
    private static partial void LogRetry(ILogger logger, string familyId, string clientId, long presented);
}
