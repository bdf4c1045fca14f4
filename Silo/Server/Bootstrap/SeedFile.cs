using System.Text.Json;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>Reads and validates a seed file into specs, with errors that name the entry and the field.</summary>
public static class SeedFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads <paramref name="path"/>; throws <see cref="SeedFileException"/> on the first bad entry.</summary>
    public static SeedPlan Load(string path)
    {
        SeedDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SeedDocument>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new SeedFileException($"Bootstrap:SeedFile '{path}' cannot be read: {e.Message}", e);
        }

        return Validate(document ?? new SeedDocument(), path);
    }

    public static SeedPlan Validate(SeedDocument document, string path)
    {
        var users = (document.Users ?? []).Select((u, i) => User(u, $"users[{i}]", path)).ToList();
        var customers = (document.CustomerUsers ?? []).Select((u, i) => Customer(u, $"customerUsers[{i}]", path)).ToList();
        var clients = (document.Clients ?? []).Select((c, i) => Client(c, $"clients[{i}]", path)).ToList();
        RequireUnique(users.Select(u => u.Username!), "users", "username", path);
        RequireUnique(users.Select(u => u.Email), "users", "email", path);
        RequireUnique(customers.Select(u => u.Email), "customerUsers", "email", path);
        RequireUnique(clients.Select(c => c.Identifier), "clients", "identifier", path);
        return new SeedPlan(users, customers, clients);
    }

    private static UserSpec User(SeedUser u, string entry, string path)
    {
        var username = Text(Required(u.Username, entry, "username", path, 255), entry, "username", path);
        var email = Email(u.Email, entry, path);
        var password = Required(u.Password, entry, "password", path, 4096);
        var roles = u.Roles ?? [];
        if (roles.Any(string.IsNullOrWhiteSpace))
        {
            throw Fail(path, entry, "roles", "must not contain empty roles");
        }

        return new UserSpec(ApplicationKind.Backoffice, username, email, password, roles, u.Enabled ?? true);
    }

    private static UserSpec Customer(SeedCustomerUser u, string entry, string path) =>
        new(ApplicationKind.Storefront, null, Email(u.Email, entry, path), Required(u.Password, entry, "password", path, 4096), [], u.Enabled ?? true);

    private static SeedClientSpec Client(SeedClient c, string entry, string path)
    {
        var name = Required(c.Name, entry, "name", path, 255);
        var identifier = Required(c.Identifier, entry, "identifier", path, 32);
        if (identifier.Length != 32 || !identifier.All(char.IsAsciiLetterOrDigit))
        {
            throw Fail(path, entry, "identifier", "must be 32 letters or digits");
        }

        var secret = Required(c.Secret, entry, "secret", path, 512);
        if (secret.Length < 16)
        {
            throw Fail(path, entry, "secret", "must be at least 16 characters");
        }

        var grants = c.Grants ?? [];
        if (grants.Count == 0)
        {
            throw Fail(path, entry, "grants", "must name at least one grant");
        }

        if (grants.FirstOrDefault(g => !GrantTypes.Registrable.Contains(g)) is { } unknown)
        {
            throw Fail(path, entry, "grants", $"'{unknown}' is not one of: {string.Join(", ", GrantTypes.Registrable)}");
        }

        if (grants.Contains(GrantTypes.ClientCredentials) && string.IsNullOrWhiteSpace(c.Owner))
        {
            throw Fail(path, entry, "owner", "is required for the client_credentials grant");
        }

        // The API's rules (§2.2): a storefront client holds password or client_credentials, never both; scope tokens.
        var frontend = c.Frontend ?? false;
        var scopes = c.AllowedScopes ?? [];
        if (ClientRules.Check(name, grants, frontend, c.Owner, scopes) is { } problem)
        {
            throw Fail(path, entry, problem.Member, "is refused: " + problem.Detail.TrimEnd('.'));
        }

        return new SeedClientSpec(identifier, new ClientSpec(name, secret, grants, frontend, null, c.Active ?? true, scopes), c.Owner);
    }

    private static string Email(string? value, string entry, string path)
    {
        var email = Required(value, entry, "email", path, 254);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.Any(char.IsWhiteSpace))
        {
            throw Fail(path, entry, "email", $"'{email}' is not an email address");
        }

        return Text(email, entry, "email", path);
    }

    // §5: the API's rule, so that a seeded account could also have been created through the API.
    private static string Text(string value, string entry, string field, string path) =>
        AccountText.Normalize(value) is { } text && !text.Any(char.IsWhiteSpace)
            ? text
            : throw Fail(path, entry, field, "must not contain spaces, control or format characters");

    private static string Required(string? value, string entry, string field, string path, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Fail(path, entry, field, "is required");
        }

        if (value.Length > maxLength)
        {
            throw Fail(path, entry, field, $"must be at most {maxLength} characters");
        }

        return value.Trim();
    }

    private static void RequireUnique(IEnumerable<string> values, string list, string field, string path)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var value in values)
        {
            if (!seen.Add(value))
            {
                throw Fail(path, $"{list}[{index}]", field, $"'{value}' appears twice");
            }

            index++;
        }
    }

    private static SeedFileException Fail(string path, string entry, string field, string problem) =>
        new($"Bootstrap:SeedFile '{path}': {entry}.{field} {problem}");
}
