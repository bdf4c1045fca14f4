using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// The back-office resource API (§7.1) under <c>/api</c>: back-office access tokens only. Administration
/// routes are mapped in <see cref="BackofficeGroups.Administration"/>, whose filter lets administrators
/// through: a route mapped there is protected without a call of its own. In both, a route takes no query parameters
/// unless it declares them (<see cref="QueryParameters.Takes{TBuilder}"/>).
/// </summary>
public static class BackofficeApi
{
    public static BackofficeGroups MapBackofficeApi(this IEndpointRouteBuilder app)
    {
        // The query check runs last, inside each group: a request without a token, or without the role, hears that first.
        var bearer = app.MapGroup("/api").AddEndpointFilter(new BearerTokenFilter(ApplicationKind.Backoffice));
        var api = bearer.MapGroup("").RefusingUndeclaredQueryParameters();
        var administration = bearer.MapGroup("").AddEndpointFilter<AdministratorFilter>().RefusingUndeclaredQueryParameters();

        api.MapUsersApi();
        administration.MapUsersAdminApi();
        administration.MapCustomerUsersApi();
        administration.MapOAuthApplicationsAdminApi();
        administration.MapSigningKeysApi();
        return new BackofficeGroups(api, administration);
    }
}
