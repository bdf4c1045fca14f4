namespace OroOrleans.Grains.Keys;

/// <summary>
/// How long a signing key is published before it may sign (§6), and the caches that figure covers. A key enters the
/// ring as "next" and is in the key ring's stored state from then on; a front end reads the ring every
/// <see cref="FrontEndRefreshInterval"/> and serves it in its JWKS with <c>max-age</c> <see cref="JwksMaxAge"/>, so
/// every front end and every resource server that honours the JWKS's cache headers lists the key
/// <see cref="FrontEndRefreshInterval"/> + <see cref="JwksMaxAge"/> after it entered the ring. A key signs only once it
/// has been in the ring for <see cref="SignAfter"/>, which is longer than that, whatever the rotation cadence:
/// until then the previous key goes on signing (it stays published, see <see cref="KeepRetired"/>).
/// </summary>
public static class KeyPublication
{
    /// <summary>How often a front end re-reads the published keys (it also reads them at once on an unknown key id).</summary>
    public static readonly TimeSpan FrontEndRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>The JWKS document's <c>Cache-Control: max-age</c>.</summary>
    public static readonly TimeSpan JwksMaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Margin for clock skew between nodes and slow reads.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    /// <summary>The least time a key is published before its first signature: 2 minutes.</summary>
    public static readonly TimeSpan SignAfter = FrontEndRefreshInterval + JwksMaxAge + Margin;

    /// <summary>
    /// How long a retired key stays published: it may have gone on signing for <see cref="SignAfter"/> after its
    /// retirement, and its last tokens live for the access-token lifetime.
    /// </summary>
    public static TimeSpan KeepRetired(TimeSpan accessTokenLifetime) => SignAfter + accessTokenLifetime;

    /// <summary>
    /// How long a new refresh key is in the ring before it signs: every silo re-reads the ring every 10 s, so by then
    /// every silo that may verify a refresh token knows the key. Refresh keys are never published.
    /// </summary>
    public static readonly TimeSpan RefreshKeySignAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a retired refresh key still verifies (its retirement end): it may have signed for
    /// <see cref="RefreshKeySignAfter"/> after its retirement, and its last tokens live for the refresh-token lifetime.
    /// A token signed with it is refused after that, whatever its <c>exp</c> says.
    /// </summary>
    public static TimeSpan KeepRetiredRefresh(TimeSpan refreshTokenLifetime) => RefreshKeySignAfter + refreshTokenLifetime;
}
