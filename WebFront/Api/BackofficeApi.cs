using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// The back-office resource API (§7.1) under <c>/api</c>: back-office access tokens only. Administration
/// routes are mapped in <see cref="BackofficeGroups.Administration"/>, whose filter lets administrators
/// through: a route mapped there is protected without a call of its own.
/// </summary>
public static class BackofficeApi
{
    public static BackofficeGroups MapBackofficeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(new BearerTokenFilter(ApplicationKind.Backoffice));
        var administration = api.MapGroup("").AddEndpointFilter<AdministratorFilter>();

        api.MapUsersApi();
        administration.MapUsersAdminApi();
        administration.MapCustomerUsersApi();
        administration.MapOAuthApplicationsAdminApi();
        administration.MapSigningKeysApi();
        return new BackofficeGroups(api, administration);
    }
}
