namespace OroOrleans.Tests.Silo.Storage;

/// <summary>A probe grain's state as its activation sees it.</summary>
/// <param name="Text">The stored text.</param>
/// <param name="Number">The stored number.</param>
/// <param name="Items">The stored list.</param>
/// <param name="RecordExists">Whether the storage holds a record for the grain.</param>
/// <param name="ActivationId">Random per activation: tells a fresh activation (one that read storage) apart.</param>
[GenerateSerializer, Immutable, Alias("OroOrleans.Tests.Storage.StorageProbeSnapshot")]
public sealed record StorageProbeSnapshot(string? Text, int Number, IReadOnlyList<string> Items, bool RecordExists, Guid ActivationId);
