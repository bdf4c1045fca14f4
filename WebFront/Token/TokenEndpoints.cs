using Microsoft.Extensions.Logging;
using OroOrleans.WebFront.Abuse;
using OroOrleans.Grains.Interfaces;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// <c>POST /oauth2-token</c> (§2) in OpenIddict's four steps: extract (<see cref="TokenRequestReader"/>), validate
/// the shape, handle (one <see cref="ITokenGrantHandler"/> per grant), apply (<see cref="OAuthResult"/>).
/// </summary>
public static partial class TokenEndpoints
{
    public static IServiceCollection AddTokenServices(this IServiceCollection services)
    {
        services.AddSingleton<ITokenGrantHandler, PasswordGrantHandler>();
        services.AddSingleton<ITokenGrantHandler, ClientCredentialsGrantHandler>();
        services.AddSingleton<ITokenGrantHandler, RefreshTokenGrantHandler>();
        services.AddTokenRateLimits();
        return services;
    }

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, Token).RequireCors(Hosting.CorsPolicies.Browser);
        app.MapMethods(TokenPath, [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Head], MethodNotAllowed);
        app.MapRevocationEndpoint().MapIntrospectionEndpoint();
        return app;
    }

    private static async Task<IResult> Token(HttpContext http, IEnumerable<ITokenGrantHandler> handlers, TokenRateLimits limits, ILoggerFactory loggers)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (result, grantType) = await Handle(http, handlers, limits, loggers);
        TokenEndpointMetrics.Duration.Record(
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("grant_type", grantType ?? TokenEndpointMetrics.UnknownGrantType),
            new KeyValuePair<string, object?>("outcome", result.IsSuccess ? "issued" : "refused"));
        return result;
    }

    /// <summary>The answer, and the grant type when the request named one we support (a metric tag).</summary>
    private static async Task<(OAuthResult, string?)> Handle(HttpContext http, IEnumerable<ITokenGrantHandler> handlers, TokenRateLimits limits, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TokenEndpoints));
        var read = await TokenRequestReader.Read(http.Request, http.RequestAborted);
        if (read.Request is not { } request)
        {
            return (Fail(logger, read.Error!, read.UsedAuthorizationHeader, null), null);
        }

        var (handler, shapeError) = Validate(request, handlers);
        if (shapeError is not null)
        {
            return (Fail(logger, shapeError, request.UsedAuthorizationHeader, request.Client?.ClientId), handler?.GrantType);
        }

        // §2.7: after the shape (so the limits know a guest login from a password attempt), before any grain call.
        if (limits.Check(request, handler!.GrantType, http.Connection.RemoteIpAddress) is { } retryAfter)
        {
            LogRateLimited(logger, handler.GrantType, request.Client?.ClientId);
            TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", OAuthError.TooManyRequests.Error));
            return (OAuthResult.Error(OAuthError.TooManyRequests, request.UsedAuthorizationHeader, retryAfter), handler.GrantType);
        }

        try
        {
            var outcome = await handler!.Handle(request, request.Client!);
            return (outcome switch
            {
                TokenIssued issued => Issued(issued, handler.GrantType, request.Client!.ClientId),
                TokenDenied denied => Fail(logger, Denials.ToError(denied.Reason), request.UsedAuthorizationHeader, request.Client!.ClientId),
                _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}"),
            }, handler.GrantType);
        }
        catch (Exception e) when (ClusterFaults.IsUnavailable(e))
        {
            LogUnavailable(logger, e.GetType().Name, handler!.GrantType);
            TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", OAuthConstants.Errors.TemporarilyUnavailable));
            return (OAuthResult.Error(OAuthError.TemporarilyUnavailable, request.UsedAuthorizationHeader, ClusterFaults.RetryAfter), handler.GrantType);
        }
    }

    private static OAuthResult Issued(TokenIssued issued, string grantType, string clientId)
    {
        TokenEndpointMetrics.Issued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType), new KeyValuePair<string, object?>("app", clientId));
        return OAuthResult.Success(new TokenResponse("Bearer", issued.ExpiresIn, issued.AccessToken, issued.RefreshToken));
    }

    /// <summary>Step two: grant type, client id and the grant's own parameters, before any grain is asked (§2.5).</summary>
    private static (ITokenGrantHandler?, OAuthError?) Validate(TokenRequest request, IEnumerable<ITokenGrantHandler> handlers)
    {
        var grantType = request[Parameters.GrantType];
        var handler = handlers.FirstOrDefault(h => h.GrantType == grantType);
        if (handler is null)
        {
            return (null, OAuthError.UnsupportedGrantType);
        }

        if (request.Client is null)
        {
            return (null, OAuthError.MissingParameter(Parameters.ClientId));
        }

        var missing = handler.RequiredParameters.FirstOrDefault(p => request[p] is null);
        return missing is null ? (handler, null) : (null, OAuthError.MissingParameter(missing));
    }

    private static OAuthResult Fail(ILogger logger, OAuthError error, bool usedAuthorizationHeader, string? clientId)
    {
        TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", error.Error));
        LogRefused(logger, error.Error, error.Hint, clientId);
        return OAuthResult.Error(error, usedAuthorizationHeader);
    }

    private static OAuthResult MethodNotAllowed() =>
        OAuthResult.Error(StatusCodes.Status405MethodNotAllowed, OAuthError.MalformedRequest("The token endpoint accepts POST only"),
            response => response.Headers.Allow = "POST, OPTIONS");

    [LoggerMessage(3001, LogLevel.Information, "Token request refused: {Error} ({Hint}) for client {ClientId}")]
    private static partial void LogRefused(ILogger logger, string error, string? hint, string? clientId);

    [LoggerMessage(3003, LogLevel.Debug, "Token request rate limited: {GrantType} for client {ClientId}")]
    private static partial void LogRateLimited(ILogger logger, string grantType, string? clientId);

    [LoggerMessage(3002, LogLevel.Warning, "Token request failed: cluster unavailable ({Exception}) during {GrantType}")]
    private static partial void LogUnavailable(ILogger logger, string exception, string grantType);
}
