using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Back-office user administration (§7.1): <c>POST /api/users</c>, <c>PATCH /api/users/{id}</c>, administrators
/// only. Attributes: <c>username</c>, <c>email</c>, <c>password</c> (write-only), <c>enabled</c>, <c>roles</c>,
/// <c>locked</c> (<c>true</c>: an administrator's lock, which revokes;
/// <c>false</c>: unlock).
/// </summary>
public static class UsersAdminApi
{
    public static readonly AccountAdministration.Kind Users = new(
        ApplicationKind.Backoffice,
        "users",
        "backoffice",
        new Dictionary<string, JsonValueKind>(StringComparer.Ordinal)
        {
            ["username"] = JsonValueKind.String,
            ["email"] = JsonValueKind.String,
            ["password"] = JsonValueKind.String,
            ["enabled"] = JsonValueKind.True,
            ["roles"] = JsonValueKind.Array,
            ["locked"] = JsonValueKind.True,
        },
        UsersApi.ToResource);

    public static RouteGroupBuilder MapUsersAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/users", Create);
        admin.MapPatch("/users/{id}", Update);
        return admin;
    }

    private static Task<IResult> Create(HttpContext http, ClusterCalls cluster) => AccountAdministration.Create(Users, http, cluster);

    private static Task<IResult> Update(string id, HttpContext http, ClusterCalls cluster, RevocationView view) =>
        AccountAdministration.Update(Users, id, http, cluster, view);
}
