using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;
using OroOrleans.WebFront.Api;
using OroOrleans.WebFront.Token;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The last line: an unexpected exception is the token endpoint's <c>server_error</c> (or
/// <c>temporarily_unavailable</c> when the cluster cannot answer), a JSON:API error elsewhere; never an HTML page.
/// </summary>
/// <remarks>
/// A cluster fault is logged as one warning naming its types (<see cref="ClusterFaults.Describe"/>), like the token
/// endpoint's, not as the middleware's error with the whole exception, whose text can carry a silo's grain ids (a
/// login name is one) and the database's message. A bug keeps the middleware's error log.
/// </remarks>
public static partial class ErrorHandling
{
    public static WebApplication UseOroErrorHandling(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorHandling));
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            SuppressDiagnosticsCallback = context => ClusterFaults.IsUnavailable(context.Exception),
            ExceptionHandler = http => Handle(http, logger),
        });

        // §8: every non-2xx answer has a JSON body, 404 and 405 of unknown routes and methods included; only the
        // resource APIs' 401 stays empty (its WWW-Authenticate: Bearer says all, §7).
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            if (http.Response.Headers.WWWAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
            {
                return;
            }

            var reason = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
            var detail = status switch
            {
                StatusCodes.Status404NotFound => "There is nothing at this address.",
                StatusCodes.Status405MethodNotAllowed => "The method is not allowed here.",
                _ => reason + ".",
            };
            // Routing's 405 lists every method mapped at the path, our own 405 answers to GET, PUT… included; the
            // token endpoint takes POST, and OPTIONS for a CORS preflight (§2.1).
            var tokenEndpoint = http.Request.Path.Equals(OAuthConstants.TokenPath, StringComparison.Ordinal);
            if (status == StatusCodes.Status405MethodNotAllowed && tokenEndpoint)
            {
                http.Response.Headers.Allow = "POST, OPTIONS";
                detail = "The token endpoint accepts POST only";
            }
            else if (status == StatusCodes.Status405MethodNotAllowed && http.Response.Headers.Allow.Count > 0)
            {
                http.Response.Headers.Allow = WithHead(http.Response.Headers.Allow.ToString());
            }

            IResult result = http.Request.Path.StartsWithSegments(OAuthConstants.TokenPath)
                ? OAuthResult.Error(status, OAuthError.MalformedRequest(detail), _ => { })
                : JsonApi.Error(status, reason.ToLowerInvariant(), detail);
            await result.ExecuteAsync(http);
        });
        return app;
    }

    /// <summary>
    /// Routing's <c>Allow</c> lists the methods mapped at the path, GET but never HEAD; HEAD is answered wherever GET is
    /// (<see cref="HeadRequests"/>), so it is listed after GET (RFC 9110 §10.2.1: the methods the resource supports).
    /// </summary>
    private static string WithHead(string allow)
    {
        var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var get = methods.FindIndex(HttpMethods.IsGet);
        if (get >= 0 && !methods.Exists(HttpMethods.IsHead))
        {
            methods.Insert(get + 1, HttpMethods.Head);
        }

        return string.Join(", ", methods);
    }

    private static Task Handle(HttpContext http, ILogger logger)
    {
        var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var unavailable = exception is not null && ClusterFaults.IsUnavailable(exception);
        if (unavailable)
        {
            LogUnavailable(logger, http.Request.Method, http.Request.Path, ClusterFaults.Describe(exception!));
        }

        IResult result;
        if (http.Request.Path.StartsWithSegments(OAuthConstants.TokenPath))
        {
            result = unavailable
                ? OAuthResult.Error(OAuthError.TemporarilyUnavailable, false, ClusterFaults.RetryAfter)
                : OAuthResult.Error(OAuthError.ServerError, false);
        }
        else
        {
            if (unavailable)
            {
                http.Response.Headers.RetryAfter = ((int)ClusterFaults.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            result = unavailable
                ? JsonApi.Error(StatusCodes.Status503ServiceUnavailable, "temporarily unavailable", "The cluster does not answer; try again shortly.")
                : JsonApi.Error(StatusCodes.Status500InternalServerError, "server error", "An unexpected error occurred.");
        }

        return result.ExecuteAsync(http);
    }

    [LoggerMessage(LogEvents.ErrorHandlingUnavailable, LogLevel.Warning, "{Method} {Path} failed: cluster unavailable ({Exception})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exception);
}
