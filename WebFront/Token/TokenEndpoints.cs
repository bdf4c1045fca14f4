using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;
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
        // Set by the revocation sync where there is one (AddRevocationSync); without it, every front end gets pushes.
        services.TryAddSingleton<Revocation.RevocationObserverReference>();
        services.AddSingleton<TokenGrants>();
        services.AddSingleton<EndpointLogger>();
        services.AddTokenRateLimits();
        return services;
    }

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, Token).RequireCors(Hosting.CorsPolicies.Browser);
        app.MapMethods(TokenPath, [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Head], MethodNotAllowed);
        app.MapRevokeEndpoint().MapIntrospectionEndpoint();
        return app;
    }

    private static async Task<IResult> Token(HttpContext http, TokenGrants grants, TokenRateLimits limits, EndpointLogger log)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        void Record(string? grantType, string outcome) => TokenEndpointMetrics.Duration.Record(
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("grant_type", grantType ?? TokenEndpointMetrics.UnknownGrantType),
            new KeyValuePair<string, object?>("outcome", outcome));

        try
        {
            var (result, grantType) = await Handle(http, grants, limits, log.Logger);
            Record(grantType, result.IsSuccess ? "issued" : "refused");
            return result;
        }
        catch (Exception e) when (!(e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested))
        {
            // A client that went away is not a server error. A fault the endpoint does not answer itself (a bug, a
            // key ring that does not open) is the error handler's 500: counted here, or the error-rate alert would
            // stay quiet while every request failed.
            TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", Errors.ServerError));
            Record(null, "failed");
            throw;
        }
    }

    /// <summary>The answer, and the grant type when the request named one we support (a metric tag).</summary>
    private static async Task<(OAuthResult, string?)> Handle(HttpContext http, TokenGrants grants, TokenRateLimits limits, ILogger logger)
    {
        var read = await TokenRequestReader.Read(http.Request, grants.Parameters, http.RequestAborted);
        if (read.Request is not { } request)
        {
            return (Fail(logger, read.Error!, read.UsedAuthorizationHeader, null), null);
        }

        var (handler, shapeError) = Validate(request, grants);
        if (shapeError is not null)
        {
            return (Fail(logger, shapeError, request.UsedAuthorizationHeader, request.Client?.ClientId), handler?.GrantType);
        }

        // §2.7: after the shape (so the limits know a guest login from a password attempt), before any grain call.
        // A client id of the wrong shape names no client: refused at once, spending the failed-authentication budget.
        var address = http.Connection.RemoteIpAddress;
        var clientId = request.Client!.ClientId;
        if (!ClientIdentifier.IsWellFormed(clientId))
        {
            return (limits.Spend(RateLimitBudget.FailedClientAuthentication, null, address) is { } wait
                ? RateLimited(logger, handler!.GrantType, clientId, request.UsedAuthorizationHeader, wait)
                : Fail(logger, OAuthError.InvalidClient, request.UsedAuthorizationHeader, clientId), handler!.GrantType);
        }

        var budget = handler!.RateLimitOf(request);
        if (limits.Admit(budget, clientId, address, out var admission) is { } retryAfter)
        {
            return (RateLimited(logger, handler.GrantType, clientId, request.UsedAuthorizationHeader, retryAfter), handler.GrantType);
        }

        using var admitted = admission;
        try
        {
            var outcome = await handler.Handle(request, request.Client);
            // The outcome names the one budget the request spends; a refused client spends only its own.
            if (outcome is TokenDenied { Reason: DenialReason.InvalidClient })
            {
                if (limits.SpendFailedAuthentication(clientId, address) is { } wait)
                {
                    return (RateLimited(logger, handler.GrantType, clientId, request.UsedAuthorizationHeader, wait), handler.GrantType);
                }
            }
            else
            {
                limits.Spend(budget, clientId, address);
            }

            if (outcome is TokenDenied { AnswerAfter: var after } && after > TimeSpan.Zero)
            {
                // A refusal the grains gave without computing a hash takes a hash's time here (§5).
                await Task.Delay(after, http.RequestAborted);
            }

            if (outcome is TokenDenied { Reason: var reason } && Denials.IsOfANewerRelease(reason))
            {
                LogUnknownDenial(logger, (int)reason);
            }

            return (outcome switch
            {
                TokenIssued issued => Issued(issued, handler.GrantType, clientId),
                TokenDenied denied => Fail(logger, Denials.ToError(denied), request.UsedAuthorizationHeader, clientId, Denials.RetryAfter(denied)),
                _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}"),
            }, handler.GrantType);
        }
        catch (Exception e) when (ClusterFaults.IsUnavailable(e))
        {
            LogUnavailable(logger, ClusterFaults.Describe(e), handler!.GrantType);
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
    private static (ITokenGrantHandler?, OAuthError?) Validate(TokenRequest request, TokenGrants grants)
    {
        var handler = grants.Find(request[Parameters.GrantType]);
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

    private static OAuthResult Fail(ILogger logger, OAuthError error, bool usedAuthorizationHeader, string? clientId, TimeSpan? retryAfter = null)
    {
        TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", error.Error));
        LogRefused(logger, error.Error, error.Hint ?? "none", LoggedClientId.Of(clientId));
        return OAuthResult.Error(error, usedAuthorizationHeader, retryAfter);
    }

    private static OAuthResult RateLimited(ILogger logger, string grantType, string? clientId, bool usedAuthorizationHeader, TimeSpan retryAfter)
    {
        LogRateLimited(logger, grantType, LoggedClientId.Of(clientId));
        TokenEndpointMetrics.Failures.Add(1, new KeyValuePair<string, object?>("error", OAuthError.TooManyRequests.Error));
        return OAuthResult.Error(OAuthError.TooManyRequests, usedAuthorizationHeader, retryAfter);
    }

    private static OAuthResult MethodNotAllowed() =>
        OAuthResult.Error(StatusCodes.Status405MethodNotAllowed, OAuthError.MalformedRequest("The token endpoint accepts POST only"),
            response => response.Headers.Allow = "POST, OPTIONS");

    /// <summary>
    /// The endpoint's logger, made once: <see cref="ILoggerFactory.CreateLogger"/> takes the factory's lock and
    /// formats the category on every call, which a request should not pay.
    /// </summary>
    public sealed class EndpointLogger(ILoggerFactory loggers)
    {
        public ILogger Logger { get; } = loggers.CreateLogger(typeof(TokenEndpoints));
    }

    [LoggerMessage(LogEvents.TokenEndpointsRefused, LogLevel.Information, "Token request refused: {Error} (hint: {Hint}) for client {ClientId}")]
    private static partial void LogRefused(ILogger logger, string error, string hint, string? clientId);

    [LoggerMessage(LogEvents.TokenEndpointsUnknownDenial, LogLevel.Warning, "Token request refused for reason {Reason}, which this front end's release does not know (a newer silo?): answered 503 temporarily_unavailable")]
    private static partial void LogUnknownDenial(ILogger logger, int reason);

    [LoggerMessage(LogEvents.TokenEndpointsRateLimited, LogLevel.Debug, "Token request rate limited: {GrantType} for client {ClientId}")]
    private static partial void LogRateLimited(ILogger logger, string grantType, string? clientId);

    [LoggerMessage(LogEvents.TokenEndpointsUnavailable, LogLevel.Warning, "Token request failed: cluster unavailable ({Exception}) during {GrantType}")]
    private static partial void LogUnavailable(ILogger logger, string exception, string grantType);
}
