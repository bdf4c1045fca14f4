namespace OroOrleans.Grains.Clients;

/// <summary>Persisted state of <see cref="ClientDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("ClientDirectoryState")]
public sealed class ClientDirectoryState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}
