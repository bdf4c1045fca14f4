namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Reads presented tokens for revocation (RFC 7009) and introspection (RFC 7662), where only silos may: the
/// client's secret digest and the refresh-token keys never leave them. A stateless worker.
/// </summary>
[Alias("ITokenInspectorGrain")]
public interface ITokenInspectorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Whether the credentials authenticate an active client; when <paramref name="grantType"/> is given, the
    /// client must also be allowed that grant.
    /// </summary>
    [Alias("AuthenticateClient")]
    Task<bool> AuthenticateClient(ClientCredentials client, string? grantType);

    /// <summary>
    /// A refresh grant (§3) in one round trip from the front end. The stateless part runs here (§2.7): the client,
    /// then the token's HS256 signature and claims, that it belongs to the client and has not expired; a forged
    /// token is refused here, so its made-up family id never becomes an activation. A token that passes goes on to
    /// the grain of the family its signed claims name, asked by this silo, which checks again and alone decides
    /// (rotation, retry, reuse). Safe to resend, as <see cref="IRefreshFamilyGrain.Rotate"/> is.
    /// </summary>
    [Alias("RedeemRefreshToken")]
    Task<TokenOutcome> RedeemRefreshToken(RefreshGrantRequest request);

    /// <summary>Introspects a refresh token presented by the client it was issued to (RFC 7662 §2.2).</summary>
    [Alias("IntrospectRefreshToken")]
    Task<TokenIntrospection> IntrospectRefreshToken(ClientCredentials client, string refreshToken);

    /// <summary>Revokes the family of a refresh token, if the token is valid and the client's (RFC 7009 §2.1).</summary>
    [Alias("RevokeRefreshToken")]
    Task<TokenRevocationResult> RevokeRefreshToken(ClientCredentials client, string refreshToken);

    /// <summary>
    /// Revokes an access token the front end has verified: its family, or the token alone when it has none. Nothing
    /// is revoked unless the token was issued to the authenticated client (RFC 7009 §2.1).
    /// </summary>
    [Alias("RevokeAccessToken")]
    Task<TokenRevocationResult> RevokeAccessToken(ClientCredentials client, AccessTokenReference token);
}
