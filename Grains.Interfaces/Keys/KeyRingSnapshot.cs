namespace OroOrleans.Grains.Interfaces;

/// <summary>The whole key ring as minting silos cache it.</summary>
/// <param name="Version">Raised on every rotation; caches compare it.</param>
/// <param name="ActiveSigningKid">The key that signs access tokens now.</param>
/// <param name="SigningKeys">Next, active and retired signing keys.</param>
/// <param name="ActiveRefreshKid">The key that signs refresh tokens now.</param>
/// <param name="RefreshKeys">Active and retired refresh-token keys.</param>
[GenerateSerializer, Immutable, Alias("KeyRingSnapshot")]
public sealed record KeyRingSnapshot(
    long Version,
    string ActiveSigningKid,
    IReadOnlyList<SigningKey> SigningKeys,
    string ActiveRefreshKid,
    IReadOnlyList<RefreshKey> RefreshKeys);
