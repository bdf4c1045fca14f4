using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Reads the <c>visitor_access_token</c> of a storefront login (§2.4) on the silo by <see cref="AccessTokenRules"/>,
/// the rules the front ends apply to access tokens, plus: a storefront token of the very client that logs in,
/// whose subject is a visitor.
/// </summary>
public sealed class VisitorTokenValidator(IOptions<TokenOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>
    /// The visitor's token (its subject <c>visitor:&lt;id&gt;</c>, family, generation and client version), or null with the
    /// reason it was refused. Whether it has been revoked since is the caller's question (§2.4): see
    /// <see cref="TokenIssuerGrain"/>.
    /// </summary>
    public async Task<(VisitorToken? Token, string? Refusal)> Validate(string token, string clientId, SigningMaterial keys)
    {
        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, "malformed");
        }

        if (string.IsNullOrEmpty(parsed.Kid) || !keys.AccessTokenKeys.TryGetValue(parsed.Kid, out var key))
        {
            return (null, "unknown key");
        }

        var result = await Handler.ValidateTokenAsync(parsed, Parameters(key));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, result.Exception?.GetType().Name ?? "invalid");
        }

        if (!jwt.TryGetPayloadValue<string>(TokenClaims.ClientId, out var tokenClient) || tokenClient != clientId)
        {
            return (null, "another client");
        }

        if (!jwt.TryGetPayloadValue<string>(TokenClaims.Application, out var app) || app != TokenClaims.StorefrontApplication)
        {
            return (null, "not a storefront token");
        }

        if (!ShoppingListOwners.IsVisitorSubject(jwt.Subject))
        {
            return (null, "not a visitor");
        }

        return (new VisitorToken(
            jwt.Subject,
            jwt.TryGetPayloadValue<string>(TokenClaims.Family, out var family) ? family : null,
            jwt.TryGetPayloadValue<long>(TokenClaims.Generation, out var generation) ? generation : 0,
            jwt.TryGetPayloadValue<long>(TokenClaims.ClientVersion, out var clientVersion) ? clientVersion : 0), null);
    }

    private TokenValidationParameters Parameters(SecurityKey key)
    {
        var parameters = AccessTokenRules.Parameters(options.Value.Issuer, time);
        parameters.IssuerSigningKeyResolver = (_, _, _, _) => [key];
        return parameters;
    }
}

/// <summary>A guest access token that validated (§2.4).</summary>
/// <param name="Subject">The visitor, <c>visitor:&lt;32 hex&gt;</c>.</param>
/// <param name="FamilyId">The guest's refresh family (<c>fid</c>), or null.</param>
/// <param name="Generation">The family generation it was issued with (<c>gen</c>).</param>
/// <param name="ClientVersion">The client's registration version it was issued under (<c>cver</c>).</param>
public sealed record VisitorToken(string Subject, string? FamilyId, long Generation, long ClientVersion);
