using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Visitors;

/// <summary>
/// One customer user's or visitor's shopping list (§7.2). Nothing is written until something is stored, so a
/// visitor who never adds an item leaves no trace. Non-reentrant: "move once" is read, check, write in one turn.
/// <para>
/// A visitor's list expires <c>Storefront:VisitorListLifetime</c> after its last change (§2.7). The grain judges
/// that itself before every answer, by its own clock, so it answers alike whether or not the sweep
/// (<see cref="Expiry.ExpirySweepGrain"/>) has deleted the row yet: an expired list reads as empty, takes new items
/// as a new list, and moves nothing. The sweep deletes a row only some margin after the grain would call it expired.
/// </para>
/// </summary>
[GrainType("shopping-list")]
public sealed partial class ShoppingListGrain(
    [PersistentState("shopping-list", StorageNames.Main)] IPersistentState<ShoppingListState> state,
    IOptions<StorefrontOptions> options,
    TimeProvider time,
    ILogger<ShoppingListGrain> logger) : Grain, IShoppingListGrain
{
    private bool IsVisitor => this.GetPrimaryKeyString().StartsWith(ShoppingListOwners.VisitorPrefix, StringComparison.Ordinal);

    private int MaxLines => options.Value.MaxListItems;

    public async Task<IReadOnlyList<ShoppingListItem>> GetItems()
    {
        await ForgetIfExpired();
        return state.State.Items.ToArray();
    }

    public async Task<AddItemResult> AddItem(ShoppingListItem item)
    {
        await ForgetIfExpired();
        try
        {
            return await Add(item);
        }
        catch (InconsistentStateException)
        {
            // The row changed under this activation (the sweep deleted it, or another activation wrote): read it
            // again and decide once more.
            await state.ReadStateAsync();
            await ForgetIfExpired();
            return await Add(item);
        }
    }

    private async Task<AddItemResult> Add(ShoppingListItem item)
    {
        var items = state.State.Items;
        var index = items.FindIndex(i => i.Sku == item.Sku);
        if (index < 0 && items.Count >= MaxLines)
        {
            return new AddItemResult(AddItemStatus.ListFull, null, MaxLines);
        }

        var line = Merge(items, item);
        await Write();
        return new AddItemResult(AddItemStatus.Added, line, MaxLines);
    }

    public async Task<int> MoveTo(string targetOwner)
    {
        await ForgetIfExpired();
        var s = state.State;
        if (s.MovedTo is not null || targetOwner == this.GetPrimaryKeyString())
        {
            return 0;
        }

        if (s.Items.Count == 0)
        {
            // Nothing stored (or expired): nothing to move, and no state is created for a visitor who stored nothing.
            return 0;
        }

        // The target first: if this grain fails before its own write, a retry is absorbed by ReceivedFrom.
        var moved = s.Items.ToArray();
        await GrainFactory.Get<IShoppingListGrain>(targetOwner).Receive(this.GetPrimaryKeyString(), moved);
        s.MovedTo = targetOwner;
        s.Items.Clear();
        await Write();
        LogMoved(logger, moved.Length, targetOwner);
        return moved.Length;
    }

    public async Task Receive(string sourceOwner, IReadOnlyList<ShoppingListItem> items)
    {
        await ForgetIfExpired();
        var s = state.State;
        if (!s.ReceivedFrom.Add(sourceOwner))
        {
            return;
        }

        foreach (var item in items)
        {
            if (s.Items.Count < MaxLines || s.Items.Exists(i => i.Sku == item.Sku))
            {
                Merge(s.Items, item);
            }
        }

        await Write();
    }

    private Task Write()
    {
        state.State.ChangedAt = time.GetUtcNow();
        return state.WriteOrForget(this);
    }

    /// <summary>
    /// A visitor's list past its lifetime is forgotten: read again (the sweep may have deleted the row, which also
    /// renews this activation's version), and if the row is still there, start from an empty list that the next
    /// write stores over it.
    /// </summary>
    private async ValueTask ForgetIfExpired()
    {
        if (!IsExpired())
        {
            return;
        }

        await state.ReadStateAsync();
        if (IsExpired())
        {
            state.State = new ShoppingListState();
        }

        LogExpired(logger);
    }

    private bool IsExpired() =>
        IsVisitor && state.State.ChangedAt is { } changed && changed + options.Value.VisitorListLifetime <= time.GetUtcNow();

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

    [LoggerMessage(LogEvents.ShoppingListExpired, LogLevel.Debug, "A visitor's shopping list expired and reads as empty")]
    private static partial void LogExpired(ILogger logger);
}
