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

    /// <summary>
    /// Manual rotation: the next key (a new one when none is announced) becomes active and signs once it has been
    /// published for 2 minutes; the active key retires; a new refresh key starts.
    /// </summary>
    [Alias("Rotate")]
    Task<KeyRingSummary> Rotate();

    /// <summary>
    /// Applies the rotation schedule at the silo's current time (the reminder calls it; so does each silo's start):
    /// announces the next key, promotes it, rotates the refresh key, drops keys past their retirement end.
    /// </summary>
    [Alias("Tick")]
    Task<KeyRingSummary> Tick();

    /// <summary>
    /// Emergency (§6): takes key <paramref name="kid"/> out of the ring and the JWKS and records a revocation fact so
    /// that every token it signed fails on every front end. An active key is first rotated away; a next key is replaced by the schedule's next tick. Null when the ring
    /// holds no such key.
    /// </summary>
    [Alias("Revoke")]
    Task<KeyRingSummary?> Revoke(string kid);
}
