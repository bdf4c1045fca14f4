using Microsoft.Extensions.Logging;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Visitors;

/// <summary>
/// One customer user's or visitor's shopping list (§7.2). Nothing is written until something is stored, so a
/// visitor who never adds an item leaves no trace. Non-reentrant: "move once" is read, check, write in one turn.
/// </summary>
[GrainType("shopping-list")]
public sealed partial class ShoppingListGrain(
    [PersistentState("shopping-list", StorageNames.Main)] IPersistentState<ShoppingListState> state,
    ILogger<ShoppingListGrain> logger) : Grain, IShoppingListGrain
{
    public Task<IReadOnlyList<ShoppingListItem>> GetItems() => Task.FromResult<IReadOnlyList<ShoppingListItem>>(state.State.Items.ToArray());

    public async Task<AddItemResult> AddItem(ShoppingListItem item)
    {
        var items = state.State.Items;
        var index = items.FindIndex(i => i.Sku == item.Sku);
        if (index < 0 && items.Count >= IShoppingListGrain.MaxLines)
        {
            return new AddItemResult(AddItemStatus.ListFull, null);
        }

        var line = Merge(items, item);
        await state.WriteOrForget(this);
        return new AddItemResult(AddItemStatus.Added, line);
    }

    public async Task<int> MoveTo(string targetOwner)
    {
        var s = state.State;
        if (s.MovedTo is not null || targetOwner == this.GetPrimaryKeyString())
        {
            return 0;
        }

        if (s.Items.Count == 0 && !state.RecordExists)
        {
            // Nothing stored: nothing to move, and no state is created for a visitor who never stored anything.
            return 0;
        }

        // The target first: if this grain fails before its own write, a retry is absorbed by ReceivedFrom.
        var moved = s.Items.ToArray();
        await GrainFactory.GetGrain<IShoppingListGrain>(targetOwner).Receive(this.GetPrimaryKeyString(), moved);
        s.MovedTo = targetOwner;
        s.Items.Clear();
        await state.WriteOrForget(this);
        LogMoved(logger, moved.Length, targetOwner);
        return moved.Length;
    }

    public async Task Receive(string sourceOwner, IReadOnlyList<ShoppingListItem> items)
    {
        var s = state.State;
        if (!s.ReceivedFrom.Add(sourceOwner))
        {
            return;
        }

        foreach (var item in items)
        {
            if (s.Items.Count < IShoppingListGrain.MaxLines || s.Items.Exists(i => i.Sku == item.Sku))
            {
                Merge(s.Items, item);
            }
        }

        await state.WriteOrForget(this);
    }

    private static ShoppingListItem Merge(List<ShoppingListItem> items, ShoppingListItem item)
    {
        var index = items.FindIndex(i => i.Sku == item.Sku);
        if (index < 0)
        {
            items.Add(item);
            return item;
        }

        var line = items[index] with { Quantity = Math.Min(ShoppingListItem.MaxQuantity, items[index].Quantity + item.Quantity) };
        items[index] = line;
        return line;
    }

    [LoggerMessage(LogEvents.ShoppingListMoved, LogLevel.Information, "Moved {Lines} shopping-list lines of a visitor to {Target}")]
    private static partial void LogMoved(ILogger logger, int lines, string target);
}
