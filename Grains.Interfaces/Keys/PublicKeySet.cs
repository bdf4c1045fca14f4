namespace OroOrleans.Grains.Interfaces;

/// <summary>The published half of the key ring: what front ends need to validate access tokens.</summary>
/// <param name="Version">The key ring version it was taken from.</param>
/// <param name="Keys">Next, active and retired public keys.</param>
/// <param name="Issuer">
/// The <c>iss</c> the silo that answered signs with (<c>Tokens:Issuer</c>): a front end whose own differs would refuse
/// every token issued through it, so it is not ready. Null from a silo older than this field.
/// </param>
[GenerateSerializer, Immutable, Alias("PublicKeySet")]
public sealed record PublicKeySet(long Version, IReadOnlyList<PublicJwk> Keys, string? Issuer = null);
