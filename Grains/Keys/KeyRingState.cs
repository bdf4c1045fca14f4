using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// Persisted state of <see cref="KeyRingGrain"/>. Ids are the storage contract: never renumber. The key records keep
/// their type names (the stored JSON carries them); no grain method returns them.
/// </summary>
[GenerateSerializer, Alias("KeyRingState")]
public sealed class KeyRingState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public List<SigningKey> SigningKeys { get; set; } = [];
    [Id(2)] public string ActiveSigningKid { get; set; } = "";
    [Id(3)] public List<RefreshKey> RefreshKeys { get; set; } = [];
    [Id(4)] public string ActiveRefreshKid { get; set; } = "";

    /// <summary><see cref="KeyProtector.Scheme"/> when every secret is sealed; null when they are stored in the clear.</summary>
    [Id(5)] public string? Protection { get; set; }

    /// <summary>The key id of the operator's PEM key last imported (§6): the same file is imported once, so a manual
    /// rotation or a revocation is not undone by the next start.</summary>
    [Id(6)] public string? ImportedPemKid { get; set; }
}
