using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// <c>/storefront/api/shoppinglist</c> (§7.2): one list per customer user or visitor. Reading writes nothing; the
/// first item written creates the visitor's state.
/// </summary>
public static class ShoppingListApi
{
    public static RouteGroupBuilder MapShoppingListApi(this RouteGroupBuilder api)
    {
        api.MapGet("/shoppinglist", Get);
        api.MapPost("/shoppinglist/items", AddItem);
        return api;
    }

    private static async Task<IResult> Get(HttpContext http, ClusterCalls cluster)
    {
        if (StorefrontApi.ListOwner(BearerTokenFilter.Current(http)) is not { } owner)
        {
            return NoList();
        }

        var items = await cluster.Retrying(grains => grains.Get<IShoppingListGrain>(owner).GetItems());
        return JsonApi.Document(new JsonApi.Resource("shoppinglists", owner, new
        {
            items = items.Select(i => new { sku = i.Sku, quantity = i.Quantity }).ToArray(),
        }));
    }

    private static async Task<IResult> AddItem(HttpContext http, ClusterCalls cluster)
    {
        if (StorefrontApi.ListOwner(BearerTokenFilter.Current(http)) is not { } owner)
        {
            return NoList();
        }

        var (item, error) = await ShoppingListItemReader.Read(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var result = await cluster.Once(grains => grains.Get<IShoppingListGrain>(owner).AddItem(item!));
        if (result.Status == AddItemStatus.ListFull)
        {
            return JsonApi.Error(StatusCodes.Status409Conflict, "list full",
                $"The shopping list already holds {result.MaxLines} lines.", "/data/attributes/sku");
        }

        var line = result.Line!;
        return JsonApi.Document(new JsonApi.Resource("shoppinglistitems", line.Sku, new { sku = line.Sku, quantity = line.Quantity }), StatusCodes.Status201Created);
    }

    private static IResult NoList() =>
        JsonApi.Error(StatusCodes.Status403Forbidden, "forbidden", "This token speaks for neither a customer user nor a visitor.");
}
