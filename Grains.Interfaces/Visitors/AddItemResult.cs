namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of adding an item, with the line as it stands afterwards.</summary>
/// <param name="Status">Added or refused.</param>
/// <param name="Line">The SKU's line after the addition; null when refused.</param>
/// <param name="MaxLines">The most lines a list holds (<c>Storefront:MaxListItems</c>), for the refusal's text.</param>
[GenerateSerializer, Immutable, Alias("AddItemResult")]
public sealed record AddItemResult(AddItemStatus Status, ShoppingListItem? Line, int MaxLines = 0);
