namespace OroOrleans.Tests.Silo.Storage;

/// <summary>What the storage probe grains persist.</summary>
[GenerateSerializer, Alias("OroOrleans.Tests.Storage.StorageProbeState")]
public sealed class StorageProbeState
{
    [Id(0)] public string? Text { get; set; }
    [Id(1)] public int Number { get; set; }
    [Id(2)] public List<string> Items { get; set; } = [];
}
