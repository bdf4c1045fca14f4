using Microsoft.AspNetCore.Diagnostics;
using OroOrleans.WebFront.Api;
using OroOrleans.WebFront.Token;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The last line: an unexpected exception is the token endpoint's <c>server_error</c> (or
/// <c>temporarily_unavailable</c> when the cluster cannot answer), a JSON:API error elsewhere; never an HTML page.
/// </summary>
public static class ErrorHandling
{
    public static WebApplication UseOroErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(async http =>
        {
            var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            var unavailable = exception is not null && ClusterFaults.IsUnavailable(exception);
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

            await result.ExecuteAsync(http);
        }));

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
            IResult result = http.Request.Path.StartsWithSegments(OAuthConstants.TokenPath)
                ? OAuthResult.Error(status, OAuthError.MalformedRequest(detail), _ => { })
                : JsonApi.Error(status, reason.ToLowerInvariant(), detail);
            await result.ExecuteAsync(http);
        });
        return app;
    }
}
