using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// <c>PATCH /api/oauthapplications/{id}</c> (§7.1), administrators only: rename a client or (de)activate it.
/// Deactivation revokes every token of the client (§4); this front end applies the revocation before it answers.
/// The id is the client identifier.
/// </summary>
public static class OAuthApplicationsAdminApi
{
    public const string Type = "oauthapplications";

    private static readonly Dictionary<string, JsonValueKind> Schema = new(StringComparer.Ordinal)
    {
        ["name"] = JsonValueKind.String,
        ["active"] = JsonValueKind.True,
    };

    public static RouteGroupBuilder MapOAuthApplicationsAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapPatch("/oauthapplications/{id}", Update);
        return admin;
    }

    public static JsonApi.Resource ToResource(ClientSummary client) => new(Type, client.Identifier, new
    {
        name = client.Name,
        identifier = client.Identifier,
        grants = client.Grants,
        frontend = client.Frontend,
        active = client.Active,
    });

    private static async Task<IResult> Update(string id, HttpContext http, IGrainFactory grains, RevocationView view)
    {
        if (id.Length is 0 or > 64)
        {
            return JsonApi.NotFound(Type, id);
        }

        var (input, error) = await JsonApiInput.Read(http.Request, Type, id, Schema);
        if (input is null)
        {
            return error!;
        }

        if (input.String("name") is { } name && (name.Trim().Length == 0 || name.Length > 255))
        {
            return JsonApiInput.Invalid(JsonApiInput.Pointer("name"), "The name must have 1 to 255 characters.");
        }

        var result = await grains.GetGrain<IClientGrain>(id).Update(new ClientChange(input.String("name"), input.Boolean("active")));
        if (result.Revocation is { } fact)
        {
            view.Apply(fact);
        }

        return result.Client is { } client ? JsonApi.Document(ToResource(client)) : JsonApi.NotFound(Type, id);
    }
}
