using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Visitors;

/// <summary>Persisted state of <see cref="ShoppingListGrain"/>. Ids are the storage contract: never renumber.</summary>
[GenerateSerializer, Alias("ShoppingListState")]
public sealed class ShoppingListState
{
    [Id(0)] public List<ShoppingListItem> Items { get; set; } = [];

    /// <summary>Where a visitor's list was moved (§2.4); set once, then the move never happens again.</summary>
    [Id(1)] public string? MovedTo { get; set; }

    /// <summary>Lists already received, so that a retried move adds nothing twice.</summary>
    [Id(2)] public HashSet<string> ReceivedFrom { get; set; } = [];
}
