using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.Grains;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// <c>POST /oauth2-token/introspect</c>, RFC 7662 (§4). A client may introspect the tokens issued to it; anything
/// else, and anything not valid right now (expired, revoked, superseded, bad signature), is <c>{"active":false}</c>.
/// Refresh tokens are asked of their family's grain (a consumed generation is inactive); access tokens are checked
/// here exactly as the resource APIs check them, against this node's revocation view.
/// </summary>
public static partial class IntrospectionEndpoints
{
    public const string Path = "/oauth2-token/introspect";

    public static IEndpointRouteBuilder MapIntrospectionEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Introspect).RequireCors(Hosting.CorsPolicies.Browser);
        return app;
    }

    private static async Task<IResult> Introspect(
        HttpContext http, ClusterCalls cluster, AccessTokenValidator accessTokens, RevocationView revocations, RevocationReadiness readiness,
        ILoggerFactory loggers)
    {
        var (request, error) = await ClientTokenRequest.Read(http);
        if (request is null)
        {
            return error!;
        }

        using var admitted = request;

        // §4: the same view as the APIs, closed the same way until it has loaded every live fact.
        if (!readiness.IsLoaded)
        {
            return OAuthResult.Error(OAuthError.TemporarilyUnavailable, request.Request.UsedAuthorizationHeader, ClusterFaults.RetryAfter);
        }

        var client = request.Request.Client!;
        IntrospectionResponse? response;
        try
        {
            if (TokenPeek.KindOf(request.Token) == PresentedTokenKind.Refresh)
            {
                var found = await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).IntrospectRefreshToken(client, request.Token));
                response = found.ClientAuthenticated ? Describe(found.Token) : null;
            }
            else
            {
                response = await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).AuthenticateClient(client, null))
                    ? Describe(await accessTokens.Validate(request.Token), client.ClientId, revocations)
                    : null;
            }
        }
        catch (Exception e) when (ClusterFaults.IsUnavailable(e))
        {
            LogUnavailable(loggers.CreateLogger(typeof(IntrospectionEndpoints)), ClusterFaults.Describe(e));
            return OAuthResult.Error(OAuthError.TemporarilyUnavailable, request.Request.UsedAuthorizationHeader, ClusterFaults.RetryAfter);
        }

        if (request.Spend(http, response is not null) is { } limited)
        {
            return limited;
        }

        return response is null
            ? OAuthResult.Error(OAuthError.InvalidClient, request.Request.UsedAuthorizationHeader)
            : OAuthResult.Success(response);
    }

    private static IntrospectionResponse Describe(IntrospectedToken? token) => token is null
        ? IntrospectionResponse.Inactive
        : new IntrospectionResponse(true, token.ClientId, token.Subject, token.Scope, token.ExpiresAt.ToUnixTimeSeconds(),
            token.IssuedAt.ToUnixTimeSeconds(), null, ApplicationName(token.Application), IntrospectionResponse.RefreshTokenUse);

    private static IntrospectionResponse Describe(AccessToken? token, string clientId, RevocationView revocations) =>
        token is null || !string.Equals(token.ClientId, clientId, StringComparison.Ordinal) || revocations.IsRevoked(token)
            ? IntrospectionResponse.Inactive
            : new IntrospectionResponse(true, token.ClientId, token.Subject, token.Scope, token.ExpiresAt.ToUnixTimeSeconds(),
                token.IssuedAt.ToUnixTimeSeconds(), IntrospectionResponse.BearerType, ApplicationName(token.Application), IntrospectionResponse.AccessTokenUse);

    private static string ApplicationName(ApplicationKind application) =>
        application == ApplicationKind.Storefront ? TokenClaims.StorefrontApplication : TokenClaims.BackofficeApplication;

    [LoggerMessage(LogEvents.IntrospectionEndpointsUnavailable, LogLevel.Warning, "Introspection failed: cluster unavailable ({Exception})")]
    private static partial void LogUnavailable(ILogger logger, string exception);
}
