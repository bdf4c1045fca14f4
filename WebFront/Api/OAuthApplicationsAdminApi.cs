using System.Text.Json;
using Microsoft.Net.Http.Headers;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// OAuth applications (§7.1), administrators only. The id is the client identifier.
/// <list type="bullet">
/// <item><c>GET /api/oauthapplications</c>, <c>GET /api/oauthapplications/{id}</c>.</item>
/// <item><c>POST /api/oauthapplications</c>: the server generates the identifier and the secret; the secret is in
/// this response only.</item>
/// <item><c>PATCH /api/oauthapplications/{id}</c>: name, active, grants, owner, allowedScopes. Deactivation revokes
/// every token of the client (§4).</item>
/// <item><c>DELETE /api/oauthapplications/{id}</c>: revokes every token of the client; the identifier never returns.</item>
/// <item><c>POST /api/oauthapplications/{id}/secret</c>: a new secret, shown once; the old one stops working.</item>
/// </list>
/// Revocations are applied to this front end's view before the answer, so this node rejects the tokens at once.
/// </summary>
public static class OAuthApplicationsAdminApi
{
    public const string Type = "oauthapplications";

    private static readonly Dictionary<string, JsonValueKind> CreateSchema = new(StringComparer.Ordinal)
    {
        ["name"] = JsonValueKind.String,
        ["grants"] = JsonValueKind.Array,
        ["frontend"] = JsonValueKind.True,
        ["owner"] = JsonValueKind.String,
        ["allowedScopes"] = JsonValueKind.Array,
        ["active"] = JsonValueKind.True,
    };

    // The application of a client is fixed: its tokens and its owner belong to it.
    private static readonly Dictionary<string, JsonValueKind> UpdateSchema = CreateSchema
        .Where(a => a.Key != "frontend").ToDictionary(StringComparer.Ordinal);

    /// <summary>Maps the routes into the administration group, whose filter admits administrators only.</summary>
    public static RouteGroupBuilder MapOAuthApplicationsAdminApi(this RouteGroupBuilder admin)
    {
        var applications = admin.MapGroup("/oauthapplications");
        applications.MapGet("/", List);
        applications.MapPost("/", Create);
        applications.MapGet("/{id}", Get);
        applications.MapPatch("/{id}", Update);
        applications.MapDelete("/{id}", Delete);
        applications.MapPost("/{id}/secret", RotateSecret);
        return admin;
    }

    public static JsonApi.Resource ToResource(ClientSummary client, string? secret = null) => new(Type, client.Identifier, new
    {
        name = client.Name,
        identifier = client.Identifier,
        secret,
        grants = client.Grants,
        frontend = client.Frontend,
        owner = client.OwnerUserId,
        allowedScopes = client.AllowedScopes ?? [],
        active = client.Active,
        issued = client.IssuedByGrant ?? new Dictionary<string, long>(),
        lastUsedAt = client.LastUsedAt,
        createdAt = client.CreatedAt,
    });

    private static async Task<IResult> List(ClusterCalls cluster)
    {
        // Not paged (clients are few) and mapped without query parameters: page[…] too would be a promise the answer
        // does not keep.
        var ids = await cluster.Retrying(grains => grains.Get<IClientDirectoryGrain>(IClientDirectoryGrain.Key).ListIds());
        var clients = await Task.WhenAll(ids.Select(id => cluster.Retrying(grains => grains.Get<IClientGrain>(id).Get())));
        return JsonApi.Document(clients.OfType<ClientSummary>().Select(c => ToResource(c)).ToArray());
    }

    private static async Task<IResult> Get(string id, ClusterCalls cluster) =>
        IsIdentifier(id) && await cluster.Retrying(grains => grains.Get<IClientGrain>(id).Get()) is { } client
            ? JsonApi.Document(ToResource(client))
            : JsonApi.NotFound(Type, id);

    private static async Task<IResult> Create(HttpContext http, ClusterCalls cluster)
    {
        var (input, error) = await JsonApiInput.Read(http.Request, Type, null, CreateSchema);
        if (input is null)
        {
            return error!;
        }

        var missing = new[] { "name", "grants" }.FirstOrDefault(a => !input.Has(a));
        if (missing is not null)
        {
            return JsonApiInput.Invalid(JsonApiInput.Pointer(missing), $"'{missing}' is required.");
        }

        var spec = new ClientSpec(input.String("name")!, null, input.Strings("grants")!, input.Boolean("frontend") ?? false,
            input.String("owner"), input.Boolean("active") ?? true, input.Strings("allowedScopes") ?? []);
        var created = await cluster.Once(grains => grains.Get<IClientDirectoryGrain>(IClientDirectoryGrain.Key).Create(spec));
        if (created.Client is not { } client)
        {
            return Refused(created.Problem!);
        }

        http.Response.Headers.Location = $"/api/{Type}/{client.Identifier}";
        return WithSecret(http, client, created.Secret!, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(string id, HttpContext http, ClusterCalls cluster, RevocationView view)
    {
        if (!IsIdentifier(id))
        {
            return JsonApi.NotFound(Type, id);
        }

        var (input, error) = await JsonApiInput.Read(http.Request, Type, id, UpdateSchema);
        if (input is null)
        {
            return error!;
        }

        var change = new ClientChange(input.String("name"), input.Boolean("active"), input.Strings("grants"), input.String("owner"), input.Strings("allowedScopes"));
        var result = await cluster.Once(grains => grains.Get<IClientGrain>(id).Update(change));
        return Answer(result, view, id) ?? JsonApi.Document(ToResource(result.Client!));
    }

    private static async Task<IResult> Delete(string id, ClusterCalls cluster, RevocationView view)
    {
        if (!IsIdentifier(id))
        {
            return JsonApi.NotFound(Type, id);
        }

        var result = await cluster.Once(grains => grains.Get<IClientDirectoryGrain>(IClientDirectoryGrain.Key).Delete(id));
        return result.Revocation is null ? JsonApi.NotFound(Type, id) : Answer(result, view, id) ?? TypedResults.NoContent();
    }

    private static async Task<IResult> RotateSecret(string id, HttpContext http, ClusterCalls cluster)
    {
        var rotated = IsIdentifier(id) ? await cluster.Once(grains => grains.Get<IClientGrain>(id).RotateSecret()) : null;
        return rotated?.Client is { } client ? WithSecret(http, client, rotated.Secret!, StatusCodes.Status200OK) : JsonApi.NotFound(Type, id);
    }

    /// <summary>Applies a recorded revocation to this front end's view; the error answer when the change was refused or found nothing.</summary>
    private static IResult? Answer(ClientChangeResult result, RevocationView view, string id)
    {
        if (result.Revocation is { } fact)
        {
            view.Apply(fact);
        }

        return result switch
        {
            { Problem: { } problem } => Refused(problem),
            { Client: null, Revocation: null } => JsonApi.NotFound(Type, id),
            _ => null,
        };
    }

    private static IResult Refused(ClientProblem problem) => JsonApiInput.Invalid(JsonApiInput.Pointer(problem.Member), problem.Detail);

    /// <summary>The one answer that carries a secret: never stored by a cache on the way (RFC 9111 no-store).</summary>
    private static IResult WithSecret(HttpContext http, ClientSummary client, string secret, int status)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers[HeaderNames.Pragma] = "no-cache";
        return JsonApi.Document(ToResource(client, secret), status);
    }

    /// <summary>Client identifiers are 32 letters or digits; anything else names no client and never reaches a grain.</summary>
    private static bool IsIdentifier(string id) => id.Length == 32 && id.All(char.IsAsciiLetterOrDigit);
}
