using System.Globalization;
using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Creating and changing accounts (§7.1), shared by back-office users and customer users: check the document,
/// one grain call, apply the revocation the change recorded to this front end's view before answering (so this
/// node rejects the revoked tokens at once, §4), then the JSON:API response.
/// </summary>
public static class AccountAdministration
{
    /// <summary>One application's account resource: its JSON:API type, attributes and representation.</summary>
    public sealed record Kind(ApplicationKind Application, string Type, string Directory, IReadOnlyDictionary<string, JsonValueKind> Schema, Func<UserView, JsonApi.Resource> ToResource);

    public static async Task<IResult> Create(Kind kind, HttpContext http, IGrainFactory grains)
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
        var result = await grains.GetGrain<IUserDirectoryGrain>(kind.Directory).CreateUser(spec);
        return result.Error switch
        {
            CreateUserError.UsernameTaken => Taken("username"),
            CreateUserError.EmailTaken => Taken("email"),
            _ => Created(http, kind, result.User!),
        };
    }

    public static async Task<IResult> Update(Kind kind, string id, HttpContext http, IGrainFactory grains, RevocationView view)
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
        var result = await grains.GetGrain<IUserGrain>(id).Update(change);
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

    public static async Task<IResult> Get(Kind kind, string id, IGrainFactory grains)
    {
        var user = IsUserId(id) ? await grains.GetGrain<IUserGrain>(id).Get() : null;
        return user is not null && user.Application == kind.Application ? JsonApi.Document(kind.ToResource(user)) : JsonApi.NotFound(kind.Type, id);
    }

    public static async Task<IResult> List(Kind kind, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IUserDirectoryGrain>(kind.Directory).ListIds();
        var users = await Task.WhenAll(ids.Select(id => grains.GetGrain<IUserGrain>(id).Get()));
        return JsonApi.Document(users.OfType<UserView>().Select(kind.ToResource).ToArray());
    }

    /// <summary>Ids are decimal numbers; anything else names no account (and never reaches a grain).</summary>
    public static bool IsUserId(string id) => id.Length is > 0 and <= 20 && id.All(char.IsAsciiDigit);

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
