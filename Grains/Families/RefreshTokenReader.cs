using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Families;

/// <summary>
/// Verifies a presented refresh token (§2.6) with the key ring's HS256 keys. Pure: no grain calls, no I/O.
/// The checks run in a fixed order, so each failure has one hint (§2.5): signature, algorithm (HS256 only),
/// <c>typ</c> (<c>rt+jwt</c> only: an access token is never a refresh token) and issuer, then the client (and its
/// revocations), then the lifetime.
/// </summary>
public static class RefreshTokenReader
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private static readonly RefreshTokenRead Unreadable = RefreshTokenRead.Fail(DenialReason.RefreshTokenUnreadable);

    public static async Task<RefreshTokenRead> Read(string token, SigningMaterial keys, string issuer, ClientRegistration client, DateTimeOffset now)
    {
        if (token.Length > 8 * 1024 || !Handler.CanReadToken(token))
        {
            return Unreadable;
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateIssuer = true,
            // Audience and lifetime are checked below, in a fixed order and against the injected clock.
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidTypes = [TokenClaims.RefreshTokenType],
            IssuerSigningKeys = keys.RefreshKeysAt(now),
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || Claims(jwt) is not { } claims)
        {
            return Unreadable;
        }

        if (!string.Equals(claims.ClientId, client.Identifier, StringComparison.Ordinal))
        {
            return RefreshTokenRead.Fail(DenialReason.RefreshTokenWrongClient);
        }

        // Issued before the client was deactivated or deleted: revoked for good, even after a reactivation (§4).
        if (claims.ClientVersion < client.TokensFromVersion)
        {
            return RefreshTokenRead.Fail(DenialReason.RefreshTokenRevoked);
        }

        return claims.ExpiresAt <= now ? RefreshTokenRead.Fail(DenialReason.RefreshTokenExpired) : new RefreshTokenRead(claims, default);
    }

    private static RefreshTokenClaims? Claims(JsonWebToken jwt)
    {
        var audience = jwt.Audiences.SingleOrDefault();
        if (audience is null
            || string.IsNullOrEmpty(jwt.Subject)
            || !jwt.TryGetPayloadValue<string>(TokenClaims.Family, out var fid) || string.IsNullOrEmpty(fid)
            || !jwt.TryGetPayloadValue<long>(TokenClaims.Generation, out var gen) || gen < 0
            || !jwt.TryGetPayloadValue<long>(TokenClaims.FamilyIssuedAt, out var fiat)
            || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat)
            || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp))
        {
            return null;
        }

        return new RefreshTokenClaims(
            audience,
            jwt.Subject,
            fid,
            gen,
            DateTimeOffset.FromUnixTimeSeconds(fiat),
            DateTimeOffset.FromUnixTimeSeconds(iat),
            DateTimeOffset.FromUnixTimeSeconds(exp),
            jwt.TryGetPayloadValue<string>(TokenClaims.UserId, out var uid) ? uid : null,
            jwt.TryGetPayloadValue<long>(TokenClaims.UserEpoch, out var uep) ? uep : null,
            jwt.TryGetPayloadValue<string>(TokenClaims.Scope, out var scope) ? scope ?? "" : "",
            jwt.TryGetPayloadValue<long>(TokenClaims.ClientVersion, out var cver) ? cver : 0);
    }
}
