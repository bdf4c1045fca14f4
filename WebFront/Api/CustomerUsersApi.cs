using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Storefront customer users, administered from the back office (§7.1): <c>GET|POST /api/customerusers</c>,
/// <c>GET|PATCH /api/customerusers/{id}</c>, administrators only. Attributes: <c>email</c>, <c>password</c>
/// (write-only), <c>enabled</c>, <c>locked</c> (<c>true</c>: an administrator's lock, which revokes; <c>false</c>: unlock). Customer users have no username and no roles.
/// </summary>
public static class CustomerUsersApi
{
    public static readonly AccountAdministration.Kind CustomerUsers = new(
        ApplicationKind.Storefront,
        "customerusers",
        "storefront",
        new Dictionary<string, JsonValueKind>(StringComparer.Ordinal)
        {
            ["email"] = JsonValueKind.String,
            ["password"] = JsonValueKind.String,
            ["enabled"] = JsonValueKind.True,
            ["locked"] = JsonValueKind.True,
        },
        ToResource);

    public static RouteGroupBuilder MapCustomerUsersApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/customerusers", List).Takes(AccountAdministration.ListParameters);
        admin.MapPost("/customerusers", Create);
        admin.MapGet("/customerusers/{id}", Get);
        admin.MapPatch("/customerusers/{id}", Update);
        return admin;
    }

    public static JsonApi.Resource ToResource(UserView user) => new("customerusers", user.Id, new
    {
        email = user.Email,
        enabled = user.Enabled,
        locked = user.IsLockedAt(DateTimeOffset.UtcNow),
    });

    private static Task<IResult> List(HttpContext http, ClusterCalls cluster) => AccountAdministration.List(CustomerUsers, http, cluster);

    private static Task<IResult> Get(string id, ClusterCalls cluster) => AccountAdministration.Get(CustomerUsers, id, cluster);

    private static Task<IResult> Create(HttpContext http, ClusterCalls cluster) => AccountAdministration.Create(CustomerUsers, http, cluster);

    private static Task<IResult> Update(string id, HttpContext http, ClusterCalls cluster, RevocationView view) =>
        AccountAdministration.Update(CustomerUsers, id, http, cluster, view);
}
