using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>Persisted state of <see cref="KeyRingGrain"/>. Ids are the storage contract: never renumber.</summary>
[GenerateSerializer, Alias("KeyRingState")]
public sealed class KeyRingState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public List<SigningKey> SigningKeys { get; set; } = [];
    [Id(2)] public string ActiveSigningKid { get; set; } = "";
    [Id(3)] public List<RefreshKey> RefreshKeys { get; set; } = [];
    [Id(4)] public string ActiveRefreshKid { get; set; } = "";
}
