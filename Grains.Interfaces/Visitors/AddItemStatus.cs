namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of adding an item to a shopping list.</summary>
[GenerateSerializer, Alias("AddItemStatus")]
public enum AddItemStatus
{
    /// <summary>Added, or added to the existing line of the same SKU.</summary>
    Added = 0,

    /// <summary>The list already has <c>Storefront:MaxListItems</c> lines and the SKU is not one of them.</summary>
    ListFull = 1,
}
