namespace OroOrleans.Grains.Interfaces;

/// <summary>What an administrator may know of the key ring: key ids and versions, never key material (§6).</summary>
/// <param name="Version">Raised on every change of the ring.</param>
/// <param name="ActiveSigningKid">The key that signs access tokens now.</param>
/// <param name="Algorithm">The active key's JWS algorithm.</param>
/// <param name="PublishedKids">Every key id in the JWKS: next, active and retired.</param>
[GenerateSerializer, Immutable, Alias("KeyRingSummary")]
public sealed record KeyRingSummary(long Version, string ActiveSigningKid, string Algorithm, IReadOnlyList<string> PublishedKids);
