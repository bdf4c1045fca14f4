using Microsoft.Net.Http.Headers;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Guards a resource API group (§7): a valid access token of the group's application in the
/// <c>Authorization: Bearer</c> header, or 401 with an empty body and <c>WWW-Authenticate: Bearer</c>, plus
/// <c>error="invalid_token"</c> when a token was presented (RFC 6750 §3.1: a request without one gets no error code).
/// A token in the query string is refused outright (RFC 6750 §2.3 is not supported: URLs end up in logs).
/// </summary>
public sealed class BearerTokenFilter(ApplicationKind application) : IEndpointFilter
{
    private const string ItemKey = "oroorleans.access-token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = await Authenticate(http);
        if (token is null || token.Application != application)
        {
            return new UnauthorizedBearer(Presented: http.Request.Headers.Authorization.Count > 0 || http.Request.Query.ContainsKey("access_token"));
        }

        http.Items[ItemKey] = token;
        return await next(context);
    }

    /// <summary>The access token the filter accepted for this request.</summary>
    public static AccessToken Current(HttpContext http) => (AccessToken)http.Items[ItemKey]!;

    private static async Task<AccessToken?> Authenticate(HttpContext http)
    {
        if (http.Request.Query.ContainsKey("access_token"))
        {
            return null;
        }

        var header = http.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var validator = http.RequestServices.GetRequiredService<AccessTokenValidator>();
        var token = await validator.Validate(value["Bearer ".Length..].Trim());
        if (token is null)
        {
            return null;
        }

        // Fails closed: a host without a revocation check does not start serving APIs that skip it.
        var revocations = http.RequestServices.GetRequiredService<IAccessTokenRevocationCheck>();
        return revocations.IsRevoked(token) ? null : token;
    }

    /// <summary>§7's 401: empty body, <c>WWW-Authenticate: Bearer</c>, with RFC 6750's error when a token was presented.</summary>
    private sealed record UnauthorizedBearer(bool Presented) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = Presented ? "Bearer error=\"invalid_token\"" : "Bearer";
            return Task.CompletedTask;
        }
    }
}
