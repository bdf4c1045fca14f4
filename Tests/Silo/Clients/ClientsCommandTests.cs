using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Clients;

/// <summary>
/// <c>OroOrleans.Silo clients …</c> against a real cluster on PostgreSQL: one silo, one client-mode front end, and
/// the command run as its own process with nothing but the cluster's settings. A client it creates logs in through
/// the front end with an OAuth client library; rotation, deactivation and deletion take effect there.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class ClientsCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task ClientsCommand_CreatesListsRotatesDeactivatesAndDeletes_AgainstTheClusterStorage()
    {
        await using var cluster = await CommandCluster.Start(output, "clients");
        var seed = cluster.Seed;
        using var http = cluster.CreateClient();
        var oauth = new OAuthLibraryClient(http);

        Assert.Equal(2, (await cluster.Run("clients", "frobnicate")).ExitCode);

        var refused = await cluster.Run("clients", "create", "--name", "Machine", "--grants", "client_credentials");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("clients: owner:", refused.Output, StringComparison.Ordinal);

        var created = await cluster.Run("clients", "create", "--name", "From the CLI", "--grants", "password", "--scopes", "reports:read");
        Assert.Equal(0, created.ExitCode);
        var id = created.Value("identifier");
        var secret = created.Value("secret");
        Assert.Matches("^[A-Za-z0-9]{32}$", id);
        Assert.Equal(43, secret.Length);
        Assert.Equal("reports:read", created.Value("allowedScopes"));

        var login = await oauth.Password(id, secret, seed.UserUsername, seed.UserPassword);
        Assert.False(login.IsError, login.Raw);

        var list = await cluster.Run("clients", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Lines, l => l.StartsWith(id + "\tactive\tbackoffice\tpassword\tFrom the CLI", StringComparison.Ordinal));
        Assert.Contains(list.Lines, l => l.StartsWith(seed.BackofficeClientId + "\t", StringComparison.Ordinal));

        var rotated = await cluster.Run("clients", "rotate-secret", id);
        Assert.Equal(0, rotated.ExitCode);
        var newSecret = rotated.Value("secret");
        Assert.NotEqual(secret, newSecret);
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oauth.Password(id, secret, seed.UserUsername, seed.UserPassword)).HttpStatusCode);
        var second = await oauth.Password(id, newSecret, seed.UserUsername, seed.UserPassword);
        Assert.False(second.IsError, second.Raw);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, second.AccessToken!));

        var deactivated = await cluster.Run("clients", "update", id, "--active", "false", "--name", "Retired");
        Assert.Equal(0, deactivated.ExitCode);
        Assert.Equal("false", deactivated.Value("active"));
        Assert.Equal("Retired", deactivated.Value("name"));
        // The revocation reaches the front end through the ledger's push (§4: within 1 s).
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, second.AccessToken!));

        Assert.Equal(0, (await cluster.Run("clients", "delete", id)).ExitCode);
        var shown = await cluster.Run("clients", "show", id);
        Assert.Equal(1, shown.ExitCode);
        Assert.Contains($"no client '{id}'", shown.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oauth.Password(id, newSecret, seed.UserUsername, seed.UserPassword)).HttpStatusCode);
    }

}
