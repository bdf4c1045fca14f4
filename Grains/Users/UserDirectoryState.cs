namespace OroOrleans.Grains.Users;

/// <summary>Persisted state of <see cref="UserDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>Every account id, as the directory kept them before it leased ranges; emptied on the first lease.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];

    /// <summary>The first id not leased yet; 0 until the first lease.</summary>
    [Id(1)] public long Next { get; set; }
}
