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

    /// <summary>
    /// The last change, by the silo's clock: a visitor's list expires <c>Storefront:VisitorListLifetime</c> after it
    /// (§2.7). Null in rows written before it was kept; the sweep still finds those by the row's modification time.
    /// </summary>
    [Id(3)] public DateTimeOffset? ChangedAt { get; set; }
}
