namespace OroOrleans.Grains.Users;

/// <summary>Persisted state of <see cref="UserDirectoryGrain"/>.</summary>
[GenerateSerializer, Alias("UserDirectoryState")]
public sealed class UserDirectoryState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}
