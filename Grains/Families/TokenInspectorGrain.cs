using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Families;

/// <summary>
/// Reads presented tokens for refresh grants (§3), revocation (RFC 7009) and introspection (RFC 7662).
/// <see cref="StatelessWorkerAttribute"/>: it holds nothing and verifies an HMAC per call, so every core of the
/// receiving silo takes calls in parallel; what must be linearizable is decided by the family's grain.
/// <see cref="ReentrantAttribute"/>: with nothing to guard, a call waiting for a family's grain (a refresh waits for
/// its database write) must not hold up the calls behind it; a non-reentrant worker would, and a silo would then
/// carry only as many refreshes at once as it has workers (one per core).
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("token-inspector")]
public sealed partial class TokenInspectorGrain(
    ClientRegistrationCache clients,
    KeyRingCache keyRing,
    TokenFactory factory,
    TimeProvider time,
    ILogger<TokenInspectorGrain> logger) : Grain, ITokenInspectorGrain
{
    private static readonly TokenIntrospection Unauthenticated = new(false, null);
    private static readonly TokenIntrospection Inactive = new(true, null);
    private static readonly TokenRevocationResult Refused = new(false, []);
    private static readonly TokenRevocationResult NothingRevoked = new(true, []);

    public async Task<bool> AuthenticateClient(ClientCredentials client, string? grantType) =>
        await Authenticate(client, grantType) is not null;

    public async Task<TokenOutcome> RedeemRefreshToken(RefreshGrantRequest request)
    {
        var registration = await Authenticate(request.Client, GrantTypes.Password);
        if (registration is null)
        {
            return new TokenDenied(DenialReason.InvalidClient);
        }

        var read = await Read(registration, request.RefreshToken);
        if (read.Claims is not { } token)
        {
            return new TokenDenied(read.Failure);
        }

        // The family the signed claims name. Asked from here rather than by the front end: the front end's call
        // to a family on another silo went through its gateway silo anyway, so this saves the front end a round trip.
        return await GrainFactory.Get<IRefreshFamilyGrain>(token.FamilyId).Rotate(request);
    }

    public async Task<TokenIntrospection> IntrospectRefreshToken(ClientCredentials client, string refreshToken)
    {
        var registration = await Authenticate(client, null);
        if (registration is null)
        {
            return Unauthenticated;
        }

        var token = (await Read(registration, refreshToken)).Claims;
        if (token is null || !await GrainFactory.Get<IRefreshFamilyGrain>(token.FamilyId).IsCurrent(token.Generation))
        {
            return Inactive;
        }

        if (token.UserId is { } userId
            && AccountStanding.Check(await GrainFactory.Get<IUserGrain>(userId).Get(), token.UserEpoch) is not null)
        {
            return Inactive;
        }

        return new TokenIntrospection(true, new IntrospectedToken(
            registration.Identifier, token.Subject, token.Scope, registration.Application, token.IssuedAt, token.ExpiresAt));
    }

    public async Task<TokenRevocationResult> RevokeRefreshToken(ClientCredentials client, string refreshToken)
    {
        var registration = await Authenticate(client, null);
        if (registration is null)
        {
            return Refused;
        }

        // Invalid, expired or another client's token: nothing to revoke, and RFC 7009 §2.2 still answers 200.
        var token = (await Read(registration, refreshToken)).Claims;
        if (token is null)
        {
            return NothingRevoked;
        }

        var fact = await GrainFactory.Get<IRefreshFamilyGrain>(token.FamilyId)
            .Revoke(token.IssuedAt + factory.Options.AccessTokenLifetime);
        return new TokenRevocationResult(true, [fact]);
    }

    public async Task<TokenRevocationResult> RevokeAccessToken(ClientCredentials client, AccessTokenReference token)
    {
        var registration = await Authenticate(client, null);
        if (registration is null)
        {
            return Refused;
        }

        if (!string.Equals(token.ClientId, registration.Identifier, StringComparison.Ordinal))
        {
            return NothingRevoked;
        }

        if (token.FamilyId is { } familyId)
        {
            return new TokenRevocationResult(true, [await GrainFactory.Get<IRefreshFamilyGrain>(familyId).Revoke(token.ExpiresAt)]);
        }

        // No family (client credentials): the token alone, by its jti, for as long as it lives.
        var fact = new RevocationFact(RevocationKind.Token, token.TokenId, long.MaxValue, token.ExpiresAt + RevocationFacts.KeepMargin);
        await GrainFactory.Get<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(token.TokenId)).Record(fact);
        LogTokenRevoked(logger, registration.Identifier);
        return new TokenRevocationResult(true, [fact]);
    }

    private async ValueTask<ClientRegistration?> Authenticate(ClientCredentials credentials, string? grantType) =>
        ClientAuthentication.Check(await clients.Get(credentials.ClientId), credentials, grantType);

    private async Task<RefreshTokenRead> Read(ClientRegistration client, string refreshToken) =>
        await RefreshTokenReader.Read(refreshToken, await keyRing.Get(), factory.Options.Issuer, client, time.GetUtcNow());

    [LoggerMessage(LogEvents.TokenInspectorTokenRevoked, LogLevel.Information, "Client {ClientId} revoked an access token without a family")]
    private static partial void LogTokenRevoked(ILogger logger, string clientId);
}
