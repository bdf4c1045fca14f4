using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// What makes an access token acceptable, wherever one is read: on a front end guarding an API and on a
/// silo reading a storefront login's <c>visitor_access_token</c> (§2.4). A signature by a key of the ring
/// with an allowed algorithm, <c>typ = at+jwt</c> (RFC 9068 §4, which also keeps refresh tokens out), the
/// issuer, an audience holding the token's own <c>client_id</c> (as Oro issues them) and the lifetime with
/// <see cref="ClockSkew"/>, measured by the given clock.
/// </summary>
public static class AccessTokenRules
{
    /// <summary>Asymmetric algorithms only: an HS256 token "signed" with a public key is refused by name.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>The clock difference tolerated on <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Validation parameters for tokens of <paramref name="issuer"/>; the caller adds how signing keys are
    /// found (<see cref="TokenValidationParameters.IssuerSigningKey"/> or a resolver).
    /// </summary>
    public static TokenValidationParameters Parameters(string issuer, TimeProvider time) => new()
    {
        ValidIssuer = issuer,
        ValidateIssuer = true,
        ValidateAudience = true,
        AudienceValidator = (audiences, token, _) => token is JsonWebToken jwt
            && jwt.TryGetPayloadValue<string>(TokenClaims.ClientId, out var clientId)
            && audiences.Contains(clientId, StringComparer.Ordinal),
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp + ClockSkew > now && (notBefore is not { } nbf || nbf - ClockSkew <= now);
        },
        ValidAlgorithms = AllowedAlgorithms,
        ValidTypes = [TokenClaims.AccessTokenType],
        ValidateIssuerSigningKey = true,
        TryAllIssuerSigningKeys = false,
    };
}
