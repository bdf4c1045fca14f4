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

    /// <summary>The visitor's subject (<c>visitor:&lt;id&gt;</c>), or null with the reason it was refused.</summary>
    public async Task<(string? Subject, string? Refusal)> Validate(string token, string clientId, SigningMaterial keys)
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

        return ShoppingListOwners.IsVisitorSubject(jwt.Subject) ? (jwt.Subject, null) : (null, "not a visitor");
    }

    private TokenValidationParameters Parameters(SecurityKey key)
    {
        var parameters = AccessTokenRules.Parameters(options.Value.Issuer, time);
        parameters.IssuerSigningKeyResolver = (_, _, _, _) => [key];
        return parameters;
    }
}
