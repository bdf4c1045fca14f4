using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>The back-office resource API (§7.1) under <c>/api</c>: back-office access tokens only.</summary>
public static class BackofficeApi
{
    public static RouteGroupBuilder MapBackofficeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(new BearerTokenFilter(ApplicationKind.Backoffice));
        api.MapUsersApi();
        api.MapUsersAdminApi();
        api.MapCustomerUsersApi();
        api.MapOAuthApplicationsAdminApi();
        api.MapSigningKeysApi();
        return api;
    }
}
