namespace OroOrleans.Grains.Interfaces;

/// <summary>One line of a shopping list (§7.2).</summary>
/// <param name="Sku">The product's SKU: 1–64 printable characters.</param>
/// <param name="Quantity">How many: 1–10,000.</param>
[GenerateSerializer, Immutable, Alias("ShoppingListItem")]
public sealed record ShoppingListItem(string Sku, int Quantity)
{
    /// <summary>Largest quantity of one line; adding more caps the line here.</summary>
    public const int MaxQuantity = 10_000;

    /// <summary>Longest SKU, in Unicode scalar values.</summary>
    public const int MaxSkuLength = 64;
}
