namespace OroOrleans.Grains.Interfaces;

/// <summary>The signing and refresh-token keys of the whole deployment (§6). Key: <see cref="Default"/>.</summary>
[Alias("IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    /// <summary>The one key ring's grain key.</summary>
    public const string Default = "default";

    /// <summary>The ring with private material, generating the first keys on first use.</summary>
    [Alias("GetSnapshot")]
    Task<KeyRingSnapshot> GetSnapshot();

    /// <summary>The public keys for the JWKS and for token validation at front ends.</summary>
    [Alias("GetPublicKeys")]
    Task<PublicKeySet> GetPublicKeys();

    /// <summary>Promotes the next key to active, retires the active one and generates a new next key.</summary>
    [Alias("Rotate")]
    Task<KeyRingSnapshot> Rotate();
}
