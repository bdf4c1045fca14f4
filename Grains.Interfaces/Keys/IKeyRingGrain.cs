namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The signing and refresh-token keys of the whole deployment (§6). Key: <see cref="Default"/>. Any Orleans client
/// can call a grain, so no method returns a private or refresh key: silos read the ring's stored state themselves
/// (<c>KeyRingCache</c>) and front ends get public keys only.
/// </summary>
[Alias("IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    /// <summary>The one key ring's grain key.</summary>
    public const string Default = "default";

    /// <summary>The public keys for the JWKS and for token validation at front ends, generating the first keys on first use.</summary>
    [Alias("GetPublicKeys")]
    Task<PublicKeySet> GetPublicKeys();

    /// <summary>Promotes the next key to active, retires the active one and generates a new next key.</summary>
    [Alias("Rotate")]
    Task<KeyRingSummary> Rotate();

    /// <summary>
    /// Emergency (§6): takes key <paramref name="kid"/> out of the ring and the JWKS and records a revocation fact so
    /// that every token it signed fails on every front end. An active key is first rotated away. Null when the ring
    /// holds no such key.
    /// </summary>
    [Alias("Revoke")]
    Task<KeyRingSummary?> Revoke(string kid);
}
