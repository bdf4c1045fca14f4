using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>The storefront resource API (§7.2) under <c>/storefront/api</c>: storefront access tokens only.</summary>
public static class StorefrontApi
{
    public static RouteGroupBuilder MapStorefrontApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/storefront/api").RequireCors(Hosting.CorsPolicies.Browser).AddEndpointFilter(new BearerTokenFilter(ApplicationKind.Storefront))
            .RefusingUndeclaredQueryParameters();
        api.MapGet("/me", Me);
        api.MapShoppingListApi();
        return api;
    }

    /// <summary>
    /// The shopping list a token speaks for: the customer user's (<c>uid</c>, also for a storefront client's
    /// <c>client_credentials</c> token, which acts for its owner), else the visitor's.
    /// </summary>
    public static string? ListOwner(AccessToken token) =>
        token.UserId is { } userId ? ShoppingListOwners.Customer(userId)
        : ShoppingListOwners.IsVisitorSubject(token.Subject) ? token.Subject
        : null;

    private static async Task<IResult> Me(HttpContext http, ClusterCalls cluster)
    {
        var token = BearerTokenFilter.Current(http);
        if (token.UserId is { } userId)
        {
            var user = await cluster.Retrying(grains => grains.Get<IUserGrain>(userId).Get());
            return user is { Application: ApplicationKind.Storefront }
                ? JsonApi.Document(new JsonApi.Resource("customerusers", user.Id, new { email = user.Email, enabled = user.Enabled }))
                : JsonApi.NotFound("customerusers", userId);
        }

        if (ShoppingListOwners.IsVisitorSubject(token.Subject))
        {
            var visitorId = token.Subject[ShoppingListOwners.VisitorPrefix.Length..];
            return JsonApi.Document(new JsonApi.Resource("visitors", visitorId, new { visitor = true }));
        }

        return JsonApi.NotFound("customerusers", token.Subject);
    }
}
