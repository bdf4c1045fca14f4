namespace OroOrleans.Grains.Interfaces;

/// <summary>The published half of the key ring: what front ends need to validate access tokens.</summary>
/// <param name="Version">The key ring version it was taken from.</param>
/// <param name="Keys">Next, active and retired public keys.</param>
[GenerateSerializer, Immutable, Alias("PublicKeySet")]
public sealed record PublicKeySet(long Version, IReadOnlyList<PublicJwk> Keys);
