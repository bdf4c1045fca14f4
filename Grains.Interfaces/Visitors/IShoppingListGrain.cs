namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The shopping list of one customer user or one visitor (§7.2). Key: <see cref="ShoppingListOwners"/>. A visitor's
/// grain writes nothing until the first item is stored, so issuing a guest token never creates it (§2.2), and its
/// list expires <c>Storefront:VisitorListLifetime</c> after its last change (§2.7): an expired list reads as empty.
/// </summary>
[Alias("IShoppingListGrain")]
public interface IShoppingListGrain : IGrainWithStringKey
{
    /// <summary>The list's lines, oldest first (empty when nothing was ever stored, or a visitor's list expired).</summary>
    [Alias("GetItems")]
    Task<IReadOnlyList<ShoppingListItem>> GetItems();

    /// <summary>Adds an item; a SKU already on the list adds to its line, capped at <see cref="ShoppingListItem.MaxQuantity"/>.</summary>
    [Alias("AddItem")]
    Task<AddItemResult> AddItem(ShoppingListItem item);

    /// <summary>
    /// Moves this (visitor's) list into <paramref name="targetOwner"/>'s list, once (§2.4): a second call does
    /// nothing, whoever makes it.
    /// </summary>
    /// <returns>The number of lines moved.</returns>
    [Alias("MoveTo")]
    Task<int> MoveTo(string targetOwner);

    /// <summary>
    /// Receives another list's lines; <paramref name="sourceOwner"/> is remembered so that a retried move adds nothing twice.
    /// </summary>
    [Alias("Receive")]
    Task Receive(string sourceOwner, IReadOnlyList<ShoppingListItem> items);
}
