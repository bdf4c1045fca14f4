using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>Back-office users (§7.1): <c>/api/users</c>, back-office tokens only.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users", List).Takes(AccountAdministration.ListParameters);
        api.MapGet("/users/{id}", Get);
        return api;
    }

    private static Task<IResult> List(HttpContext http, ClusterCalls cluster) => AccountAdministration.List(UsersAdminApi.Users, http, cluster);

    private static async Task<IResult> Get(string id, ClusterCalls cluster)
    {
        if (!UserIdentifier.IsWellFormed(id))
        {
            return JsonApi.NotFound("users", id);
        }

        var user = await cluster.Retrying(grains => grains.Get<IUserGrain>(id).Get());
        return user is { Application: ApplicationKind.Backoffice } ? JsonApi.Document(ToResource(user)) : JsonApi.NotFound("users", id);
    }

    public static JsonApi.Resource ToResource(UserView user) => new("users", user.Id, new
    {
        username = user.Username,
        email = user.Email,
        enabled = user.Enabled,
        roles = user.Roles,
        locked = user.IsLockedAt(DateTimeOffset.UtcNow),
    });
}
