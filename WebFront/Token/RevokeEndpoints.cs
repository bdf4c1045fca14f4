using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// <c>POST /oauth2-token/revoke</c>, RFC 7009 (§4). Revoking a refresh or an access token revokes its family; an
/// access token without one (client credentials) is revoked alone. Only the client a token was issued to may
/// revoke it; for anyone else, as for unknown, invalid or expired tokens, the answer is still 200 (RFC 7009 §2.2).
/// </summary>
public static partial class RevokeEndpoints
{
    public const string Path = "/oauth2-token/revoke";

    public static IEndpointRouteBuilder MapRevokeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Revoke).RequireCors(Hosting.CorsPolicies.Browser);
        return app;
    }

    private static async Task<IResult> Revoke(
        HttpContext http, ClusterCalls cluster, AccessTokenValidator accessTokens, RevocationView revocations, ILoggerFactory loggers)
    {
        var (request, error) = await ClientTokenRequest.Read(http);
        if (request is null)
        {
            return error!;
        }

        using var admitted = request;

        var client = request.Request.Client!;
        TokenRevocationResult result;
        try
        {
            // Revoking twice revokes once: every call here is safe to resend.
            // token_type_hint is only a hint (RFC 7009 §2.1); the token's own typ header says what it is.
            result = TokenPeek.KindOf(request.Token) switch
            {
                PresentedTokenKind.Refresh => await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).RevokeRefreshToken(client, request.Token)),
                PresentedTokenKind.Access when await accessTokens.Validate(request.Token) is { } token =>
                    await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).RevokeAccessToken(
                        client, new AccessTokenReference(token.ClientId, token.FamilyId, token.TokenId, token.ExpiresAt))),
                _ => new TokenRevocationResult(await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).AuthenticateClient(client, null)), []),
            };
        }
        catch (Exception e) when (ClusterFaults.IsUnavailable(e))
        {
            LogUnavailable(loggers.CreateLogger(typeof(RevokeEndpoints)), ClusterFaults.Describe(e));
            return OAuthResult.Error(OAuthError.TemporarilyUnavailable, request.Request.UsedAuthorizationHeader, ClusterFaults.RetryAfter);
        }

        if (request.Spend(http, result.ClientAuthenticated) is { } limited)
        {
            return limited;
        }

        if (!result.ClientAuthenticated)
        {
            return OAuthResult.Error(OAuthError.InvalidClient, request.Request.UsedAuthorizationHeader);
        }

        // This node rejects the revoked tokens before it answers (§4's consistency promise).
        foreach (var fact in result.Revocations)
        {
            revocations.Apply(fact);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return TypedResults.Ok();
    }

    [LoggerMessage(LogEvents.RevokeEndpointsUnavailable, LogLevel.Warning, "Revocation failed: cluster unavailable ({Exception})")]
    private static partial void LogUnavailable(ILogger logger, string exception);
}
