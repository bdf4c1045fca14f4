using System.Globalization;
using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Creating and changing accounts (§7.1), shared by back-office users and customer users: check the document,
/// one grain call, apply the revocation the change recorded to this front end's view before answering (so this
/// node rejects the revoked tokens at once, §4), then the JSON:API response.
/// </summary>
public static class AccountAdministration
{
    public const int DefaultPageSize = 10;

    public const int MaxPageSize = 100;

    /// <summary>One application's account resource: its JSON:API type, attributes and representation.</summary>
    public sealed record Kind(ApplicationKind Application, string Type, string Directory, IReadOnlyDictionary<string, JsonValueKind> Schema, Func<UserView, JsonApi.Resource> ToResource);

    public static async Task<IResult> Create(Kind kind, HttpContext http, ClusterCalls cluster)
    {
        var (input, error) = await JsonApiInput.Read(http.Request, kind.Type, null, kind.Schema);
        if (input is null)
        {
            return error!;
        }

        var username = kind.Application == ApplicationKind.Backoffice ? input.String("username") : null;
        var email = input.String("email");
        var password = input.String("password");
        var missing = new[] { ("username", kind.Application == ApplicationKind.Backoffice && username is null), ("email", email is null), ("password", password is null) }
            .FirstOrDefault(m => m.Item2).Item1;
        if (missing is not null)
        {
            return AccountRules.Required(missing);
        }

        var problem = Check(input);
        if (problem is not null)
        {
            return problem;
        }

        var spec = new UserSpec(kind.Application, AccountRules.Stored(username), AccountRules.Stored(email)!, password!, input.Strings("roles") ?? [], input.Boolean("enabled") ?? true);
        var result = await cluster.Once(grains => grains.Get<IAccountsGrain>(kind.Directory).CreateUser(spec));
        return result.Error switch
        {
            CreateUserError.UsernameTaken => Taken("username"),
            CreateUserError.EmailTaken => Taken("email"),
            _ => Created(http, kind, result.User!),
        };
    }

    public static async Task<IResult> Update(Kind kind, string id, HttpContext http, ClusterCalls cluster, RevocationView view)
    {
        if (!IsUserId(id))
        {
            return JsonApi.NotFound(kind.Type, id);
        }

        var (input, error) = await JsonApiInput.Read(http.Request, kind.Type, id, kind.Schema);
        if (input is null)
        {
            return error!;
        }

        var problem = Check(input);
        if (problem is not null)
        {
            return problem;
        }

        var change = new UserChange(kind.Application, AccountRules.Stored(input.String("username")), AccountRules.Stored(input.String("email")), input.String("password"),
            input.Boolean("enabled"), input.Strings("roles"), input.Boolean("locked"));
        var result = await cluster.Once(grains => grains.Get<IUserGrain>(id).Update(change));
        if (result.Revocation is { } fact)
        {
            view.Apply(fact);
        }

        return result.Status switch
        {
            UserChangeStatus.Updated => JsonApi.Document(kind.ToResource(result.User!)),
            UserChangeStatus.UsernameTaken => Taken("username"),
            UserChangeStatus.EmailTaken => Taken("email"),
            _ => JsonApi.NotFound(kind.Type, id),
        };
    }

    public static async Task<IResult> Get(Kind kind, string id, ClusterCalls cluster)
    {
        var user = IsUserId(id) ? await cluster.Retrying(grains => grains.Get<IUserGrain>(id).Get()) : null;
        return user is not null && user.Application == kind.Application ? JsonApi.Document(kind.ToResource(user)) : JsonApi.NotFound(kind.Type, id);
    }

    /// <summary>The query parameters of the account lists (<see cref="List"/>); their routes declare them.</summary>
    public static readonly string[] ListParameters = ["page[number]", "page[size]", "filter[email]"];

    /// <summary>
    /// One page of accounts, paged as Oro pages (<c>page[number]</c> from 1, <c>page[size]</c> 10 by default, at most
    /// 100, a <c>links.next</c> while later ids exist), or the account whose email <c>filter[email]</c> names.
    /// </summary>
    public static async Task<IResult> List(Kind kind, HttpContext http, ClusterCalls cluster)
    {
        var query = http.Request.Query;
        if (query.TryGetValue("filter[email]", out var filter))
        {
            // §5's email rule, the one creation applies: a value no account can have never reaches a grain.
            if (filter is not [{ } email] || !AccountText.IsEmail(email))
            {
                return JsonApi.Error(StatusCodes.Status400BadRequest, "bad request",
                    "filter[email] is one email: name@domain, at most 254 characters, without spaces or control characters.", parameter: "filter[email]");
            }

            var found = await cluster.Retrying(grains => grains.Get<IAccountsGrain>(kind.Directory).FindByEmail(email));
            return JsonApi.Document(found is null ? Array.Empty<JsonApi.Resource>() : [kind.ToResource(found)]);
        }

        var number = PageParameter(query, "page[number]", 1, int.MaxValue);
        var size = PageParameter(query, "page[size]", DefaultPageSize, MaxPageSize);
        if (number is null || size is null)
        {
            return JsonApi.Error(StatusCodes.Status400BadRequest, "bad request",
                $"page[number] is a whole number from 1; page[size] from 1 to {MaxPageSize}.", parameter: number is null ? "page[number]" : "page[size]");
        }

        var page = await cluster.Retrying(grains => grains.Get<IAccountsGrain>(kind.Directory).ListPage(number.Value, size.Value));
        var next = page.HasNext
            ? string.Create(CultureInfo.InvariantCulture, $"{http.Request.PathBase}{http.Request.Path}?page%5Bnumber%5D={number + 1}&page%5Bsize%5D={size}")
            : null;
        return JsonApi.Document(page.Users.Select(kind.ToResource).ToArray(), links: next is null ? null : new JsonApi.Links(next));
    }

    private static int? PageParameter(IQueryCollection query, string name, int fallback, int max)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return fallback;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : null;
    }

    /// <summary>Ids are decimal numbers; anything else names no account (and never reaches a grain).</summary>
    public static bool IsUserId(string id) => UserIdentifier.IsWellFormed(id);

    private static IResult? Check(JsonApiInput input) =>
        AccountRules.Username(input.String("username"))
        ?? AccountRules.Email(input.String("email"))
        ?? AccountRules.Password(input.String("password"))
        ?? AccountRules.Roles(input.Strings("roles"));

    private static IResult Taken(string attribute) =>
        JsonApi.Error(StatusCodes.Status409Conflict, "conflict", $"Another account already has this {attribute}.", JsonApiInput.Pointer(attribute));

    private static IResult Created(HttpContext http, Kind kind, UserView user)
    {
        http.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/{kind.Type}/{user.Id}");
        return JsonApi.Document(kind.ToResource(user), StatusCodes.Status201Created);
    }
}
