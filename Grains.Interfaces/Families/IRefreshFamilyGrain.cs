namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// One refresh-token family (§3): the single writer of its rotation state, so rotation, reuse detection and
/// revocation are linearizable per family across the cluster. Key: the family id (<c>fid</c>, 32 hex digits).
/// A family that was never refreshed or revoked has no stored state.
/// </summary>
[Alias("IRefreshFamilyGrain")]
public interface IRefreshFamilyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The <c>refresh_token</c> grant (RFC 6749 §6): authenticates the client, verifies the token, checks the
    /// account, consumes the presented generation and issues the next one. Returns <see cref="TokenRotated"/>,
    /// <see cref="RefreshDenied"/> (reuse: the family is now revoked) or <see cref="TokenDenied"/>.
    /// </summary>
    [Alias("Rotate")]
    Task<TokenOutcome> Rotate(RefreshGrantRequest request);

    /// <summary>
    /// Revokes the whole family (RFC 7009). Idempotent. The caller has verified a token of the family and its client.
    /// </summary>
    /// <param name="knownAccessExpiry">The expiry of the newest access token of the family the caller knows of.</param>
    /// <returns>The fact that rejects every token of the family.</returns>
    [Alias("Revoke")]
    Task<RevocationFact> Revoke(DateTimeOffset knownAccessExpiry);

    /// <summary>True when <paramref name="generation"/> is the family's current one and the family is not revoked.</summary>
    [Alias("IsCurrent")]
    Task<bool> IsCurrent(long generation);
}
