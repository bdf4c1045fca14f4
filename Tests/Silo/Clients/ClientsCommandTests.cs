using System.Collections.Concurrent;
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
    [Fact]
    public async Task ClientsCommand_CreatesListsRotatesDeactivatesAndDeletes_AgainstTheClusterStorage()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        if (connectionString is null) return;

        var serviceId = $"oro-clients-{Guid.NewGuid():N}";
        var cluster = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId,
        };
        var directory = Directory.CreateTempSubdirectory("oroorleans-clients-").FullName;
        var seed = new TestSeed();
        await using var front = new WebFrontProcess(Path.Combine(directory, "front"), new Dictionary<string, string?>(cluster)
        {
            ["Orleans__Mode"] = "Client",
            ["RateLimits__Enabled"] = "false",
            // Free ports, not the role defaults, so that tests running side by side never share a management listener.
            ["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
        });
        await using var silo = new SiloProcess("silo", new Dictionary<string, string?>(cluster)
        {
            ["Tokens__Issuer"] = front.Issuer,
            ["Bootstrap__SeedFile"] = seed.WriteTo(directory),
            ["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
        });
        silo.Launch();
        await silo.WaitUntilReady(TimeSpan.FromSeconds(60));
        await front.Start();
        using var http = front.CreateClient();
        var oauth = new OAuthLibraryClient(http);

        Assert.Equal(2, (await Run(cluster, "clients", "frobnicate")).ExitCode);

        var refused = await Run(cluster, "clients", "create", "--name", "Machine", "--grants", "client_credentials");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("clients: owner:", refused.Output, StringComparison.Ordinal);

        var created = await Run(cluster, "clients", "create", "--name", "From the CLI", "--grants", "password", "--scopes", "reports:read");
        Assert.Equal(0, created.ExitCode);
        var id = created.Value("identifier");
        var secret = created.Value("secret");
        Assert.Matches("^[A-Za-z0-9]{32}$", id);
        Assert.Equal(43, secret.Length);
        Assert.Equal("reports:read", created.Value("allowedScopes"));

        var login = await oauth.Password(id, secret, seed.UserUsername, seed.UserPassword);
        Assert.False(login.IsError, login.Raw);

        var list = await Run(cluster, "clients", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Lines, l => l.StartsWith(id + "\tactive\tbackoffice\tpassword\tFrom the CLI", StringComparison.Ordinal));
        Assert.Contains(list.Lines, l => l.StartsWith(seed.BackofficeClientId + "\t", StringComparison.Ordinal));

        var rotated = await Run(cluster, "clients", "rotate-secret", id);
        Assert.Equal(0, rotated.ExitCode);
        var newSecret = rotated.Value("secret");
        Assert.NotEqual(secret, newSecret);
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oauth.Password(id, secret, seed.UserUsername, seed.UserPassword)).HttpStatusCode);
        var second = await oauth.Password(id, newSecret, seed.UserUsername, seed.UserPassword);
        Assert.False(second.IsError, second.Raw);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, second.AccessToken!));

        var deactivated = await Run(cluster, "clients", "update", id, "--active", "false", "--name", "Retired");
        Assert.Equal(0, deactivated.ExitCode);
        Assert.Equal("false", deactivated.Value("active"));
        Assert.Equal("Retired", deactivated.Value("name"));
        // The revocation reaches the front end through the ledger's push (§4: within 1 s).
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, second.AccessToken!));

        Assert.Equal(0, (await Run(cluster, "clients", "delete", id)).ExitCode);
        var shown = await Run(cluster, "clients", "show", id);
        Assert.Equal(1, shown.ExitCode);
        Assert.Contains($"no client '{id}'", shown.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oauth.Password(id, newSecret, seed.UserUsername, seed.UserPassword)).HttpStatusCode);
    }

    private async Task<CliRun> Run(IReadOnlyDictionary<string, string?> cluster, params string[] arguments)
    {
        var lines = new ConcurrentQueue<string>();
        var environment = new Dictionary<string, string?>(TestCertificates.Environment) { ["DOTNET_ENVIRONMENT"] = "Production" };
        foreach (var (key, value) in cluster)
        {
            environment[key] = value;
        }

        using var process = ChildProcess.Start(RepositoryPaths.SiloDll, environment, lines, arguments);
        var exitCode = await process.WaitForExit(TimeSpan.FromSeconds(60));
        var run = new CliRun(exitCode, [.. lines]);
        output.WriteLine($"$ OroOrleans.Silo {string.Join(' ', arguments)}  (exit {exitCode})\n{run.Output}");
        return run;
    }

    private sealed record CliRun(int ExitCode, IReadOnlyList<string> Lines)
    {
        public string Output => string.Join('\n', Lines);

        public string Value(string key) =>
            Lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
            ?? throw new Xunit.Sdk.XunitException($"no '{key}:' line in:\n{Output}");
    }
}
