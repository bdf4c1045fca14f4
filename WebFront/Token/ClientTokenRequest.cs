using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Abuse;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Steps one and two of the revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) endpoints: the same
/// bodies and client authentication as the token endpoint (§2.1), plus the <c>token</c> parameter.
/// </summary>
/// <remarks>Admitted to the revocation and introspection budget (§2.7) until disposed.</remarks>
public sealed record ClientTokenRequest(TokenRequest Request, string Token, TokenRateLimits.Admission Admission) : IDisposable
{
    public const string TokenParameter = "token";

    /// <summary>RFC 7009 §2.1 and RFC 7662 §2.1: a hint the server may use; read as a declared parameter.</summary>
    public const string TokenTypeHintParameter = "token_type_hint";

    /// <summary>The request, or the error to answer with: request shape first, then a missing client (§2.5).</summary>
    public static async Task<(ClientTokenRequest?, OAuthResult?)> Read(HttpContext http)
    {
        var grants = http.RequestServices.GetRequiredService<TokenGrants>();
        var read = await TokenRequestReader.Read(http.Request, grants.Parameters, http.RequestAborted);
        if (read.Request is not { } request)
        {
            return (null, OAuthResult.Error(read.Error!, read.UsedAuthorizationHeader));
        }

        if (request[TokenParameter] is not { } token)
        {
            return (null, OAuthResult.Error(OAuthError.MissingParameter(TokenParameter), request.UsedAuthorizationHeader));
        }

        // Both RFCs require client authentication; none at all is "client authentication failed" (RFC 6749 §5.2).
        if (request.Client is null)
        {
            return (null, OAuthResult.Error(OAuthError.InvalidClient, request.UsedAuthorizationHeader));
        }

        var limits = http.RequestServices.GetRequiredService<TokenRateLimits>();
        var address = http.Connection.RemoteIpAddress;
        if (!ClientIdentifier.IsWellFormed(request.Client.ClientId))
        {
            // A client id of the wrong shape names no client: refused before any grain is asked, spending the
            // failed-authentication budget (§2.7).
            return (null, limits.Spend(RateLimitBudget.FailedClientAuthentication, null, address) is { } wait
                ? OAuthResult.Error(OAuthError.TooManyRequests, request.UsedAuthorizationHeader, wait)
                : OAuthResult.Error(OAuthError.InvalidClient, request.UsedAuthorizationHeader));
        }

        return limits.Admit(RateLimitBudget.RevokeIntrospect, request.Client.ClientId, address, out var admission) is { } retryAfter
            ? (null, OAuthResult.Error(OAuthError.TooManyRequests, request.UsedAuthorizationHeader, retryAfter))
            : (new ClientTokenRequest(request, token, admission), null);
    }

    public void Dispose() => Admission.Dispose();

    /// <summary>
    /// Spends the budget the outcome names (§2.7): the failed-authentication budget when the client was refused,
    /// else revocation and introspection's shared one. Null, or the 429 to answer instead of the refusal.
    /// </summary>
    public OAuthResult? Spend(HttpContext http, bool clientAuthenticated)
    {
        var limits = http.RequestServices.GetRequiredService<TokenRateLimits>();
        var address = http.Connection.RemoteIpAddress;
        if (clientAuthenticated)
        {
            limits.Spend(RateLimitBudget.RevokeIntrospect, Request.Client!.ClientId, address);
            return null;
        }

        return limits.SpendFailedAuthentication(Request.Client!.ClientId, address) is { } wait
            ? OAuthResult.Error(OAuthError.TooManyRequests, Request.UsedAuthorizationHeader, wait)
            : null;
    }
}
