using CommunityToolkit.HighPerformance.Buffers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Validates access tokens locally (no grain call, no database read) by <see cref="AccessTokenRules"/>, with the
/// public key cached for the token's <c>kid</c>, and reads its claims.
/// </summary>
public sealed class AccessTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;

    private readonly IPublicKeySource keys;
    private readonly TimeProvider time;
    private readonly ValidatedTokenCache validated;

    public AccessTokenValidator(IPublicKeySource keys, IOptions<TokenOptions> options, IOptions<TokenCacheOptions> cache, TimeProvider time)
    {
        this.keys = keys;
        this.time = time;
        validated = new ValidatedTokenCache(cache.Value.Entries);
        parameters = AccessTokenRules.Parameters(options.Value.Issuer, time);
        // Validate() has already made sure the cache holds the token's key (or knows it has none).
        parameters.IssuerSigningKeyResolver = (_, _, kid, _) => keys.FindCached(kid) is { } key ? [key] : [];
    }

    /// <summary>The token's claims when it is valid, else null.</summary>
    public async Task<AccessToken?> Validate(string token)
    {
        if (validated.TryGet(token, out var known))
        {
            // The signature, issuer, audience and type were proven when the token was cached; time moves on.
            if (known.ExpiresAt + parameters.ClockSkew > time.GetUtcNow())
            {
                return known;
            }

            validated.Remove(token);
            return null;
        }

        var accessToken = await ValidateUncached(token);
        if (accessToken is not null)
        {
            validated.Add(token, accessToken);
        }

        return accessToken;
    }

    private async Task<AccessToken?> ValidateUncached(string token)
    {
        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (await keys.Find(parsed.Kid) is null)
        {
            return null;
        }

        var result = await Handler.ValidateTokenAsync(parsed, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        return Read(jwt);
    }

    internal static AccessToken? Read(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(TokenClaims.Application, out var app)
            || !jwt.TryGetPayloadValue<string>(TokenClaims.ClientId, out var clientId)
            || !jwt.TryGetPayloadValue<long>(TokenClaims.ClientVersion, out var clientVersion)
            || string.IsNullOrEmpty(jwt.Subject) || string.IsNullOrEmpty(jwt.Id))
        {
            return null;
        }

        ApplicationKind? application = app switch
        {
            TokenClaims.BackofficeApplication => ApplicationKind.Backoffice,
            TokenClaims.StorefrontApplication => ApplicationKind.Storefront,
            _ => null,
        };
        if (application is null)
        {
            return null;
        }

        // The client id, scope and key id repeat across tokens: the cached claims share one copy of each (a bounded
        // pool), so a cache slot points at long-lived strings instead of keeping copies of its own alive.
        return new AccessToken(
            jwt.Subject,
            StringPool.Shared.GetOrAdd(clientId),
            application.Value,
            jwt.TryGetPayloadValue<string>(TokenClaims.UserId, out var uid) ? uid : null,
            jwt.TryGetPayloadValue<long>(TokenClaims.UserEpoch, out var epoch) ? epoch : null,
            clientVersion,
            jwt.TryGetPayloadValue<string>(TokenClaims.Family, out var fid) ? fid : null,
            jwt.TryGetPayloadValue<long>(TokenClaims.Generation, out var gen) ? gen : null,
            jwt.Id,
            jwt.TryGetPayloadValue<string>(TokenClaims.Scope, out var scope) ? StringPool.Shared.GetOrAdd(scope) : "",
            jwt.IssuedAt,
            jwt.ValidTo,
            string.IsNullOrEmpty(jwt.Kid) ? jwt.Kid : StringPool.Shared.GetOrAdd(jwt.Kid));
    }
}
