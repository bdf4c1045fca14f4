using System.Text.Json;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// The seed data a test server starts with: random credentials per fixture, so that tests never share secrets
/// by accident and a test that passes says something about this run.
/// </summary>
public sealed class TestSeed
{
    public string BackofficeClientId { get; } = NewIdentifier("bo");
    public string BackofficeSecret { get; } = "bo-secret-" + Guid.NewGuid().ToString("N");
    public string StorefrontClientId { get; } = NewIdentifier("sf");
    public string StorefrontSecret { get; } = "sf-secret-" + Guid.NewGuid().ToString("N");
    public string InactiveClientId { get; } = NewIdentifier("in");
    public string InactiveSecret { get; } = "in-secret-" + Guid.NewGuid().ToString("N");
    /// <summary>A server-side storefront: <c>client_credentials</c> acting as the customer (§2.2: never with <c>password</c>).</summary>
    public string StorefrontServerClientId { get; } = NewIdentifier("ss");
    public string StorefrontServerSecret { get; } = "ss-secret-" + Guid.NewGuid().ToString("N");
    public string NoPasswordClientId { get; } = NewIdentifier("cc");
    public string NoPasswordSecret { get; } = "cc-secret-" + Guid.NewGuid().ToString("N");

    public string AdminUsername { get; } = "admin";
    public string AdminEmail { get; } = "Admin@Example.com";
    public string AdminPassword { get; } = "admin-" + Guid.NewGuid().ToString("N");
    public string UserUsername { get; } = "john";
    public string UserEmail { get; } = "john@example.com";
    public string UserPassword { get; } = "john-" + Guid.NewGuid().ToString("N");
    public string DisabledUsername { get; } = "disabled";
    public string DisabledPassword { get; } = "disabled-" + Guid.NewGuid().ToString("N");
    public string CustomerEmail { get; } = "Amanda@Example.com";
    public string CustomerPassword { get; } = "amanda-" + Guid.NewGuid().ToString("N");

    /// <summary>Writes the seed file in the README's format and returns its path.</summary>
    public string WriteTo(string directory)
    {
        var document = new
        {
            users = new object[]
            {
                new { username = AdminUsername, email = AdminEmail, password = AdminPassword, roles = new[] { "administrator" }, enabled = true },
                new { username = UserUsername, email = UserEmail, password = UserPassword, roles = Array.Empty<string>(), enabled = true },
                new { username = DisabledUsername, email = "disabled@example.com", password = DisabledPassword, roles = Array.Empty<string>(), enabled = false },
            },
            customerUsers = new object[]
            {
                new { email = CustomerEmail, password = CustomerPassword, enabled = true },
            },
            clients = new object[]
            {
                new { name = "Back office", identifier = BackofficeClientId, secret = BackofficeSecret, grants = new[] { "password", "client_credentials" }, frontend = false, owner = AdminUsername, active = true, allowedScopes = new[] { "read", "write" } },
                new { name = "Storefront", identifier = StorefrontClientId, secret = StorefrontSecret, grants = new[] { "password" }, frontend = true, owner = (string?)null, active = true },
                new { name = "Storefront server", identifier = StorefrontServerClientId, secret = StorefrontServerSecret, grants = new[] { "client_credentials" }, frontend = true, owner = CustomerEmail, active = true },
                new { name = "Inactive", identifier = InactiveClientId, secret = InactiveSecret, grants = new[] { "password" }, frontend = false, owner = (string?)null, active = false },
                new { name = "Machine only", identifier = NoPasswordClientId, secret = NoPasswordSecret, grants = new[] { "client_credentials" }, frontend = false, owner = AdminUsername, active = true },
            },
        };
        var path = Path.Combine(directory, "seed.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document));
        return path;
    }

    private static string NewIdentifier(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..32];
}
