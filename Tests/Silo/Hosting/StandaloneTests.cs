using System.Net;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// Standalone mode (§9.1): durable across restarts, side by side, and a bad seed file stops the start (bad settings:
/// <see cref="ConfigurationFailureTests"/>).
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class StandaloneTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-standalone-").FullName;
    private readonly TestSeed seed = new();

    [Fact]
    public async Task Restart_KeepsKeysClientsAndUsers()
    {
        await using var server = Server("a");
        await server.Start();
        string accessToken;
        string jwksBefore;
        using (var http = server.CreateClient())
        {
            accessToken = (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;
            jwksBefore = await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
        }

        await server.Stop();
        // The seed file is gone on the second start: clients and users must come from storage.
        await using var restarted = new WebFrontProcess(server.DataDirectory, new Dictionary<string, string?>());
        await restarted.Start();
        using var again = restarted.CreateClient();

        Assert.Equal(jwksBefore, await again.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        await TokenClient.Login(again, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        Assert.Contains(new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(accessToken).Header.Kid, jwksBefore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_OldAccessTokenStillValidatesAtTheApi()
    {
        var dataDirectory = Path.Combine(root, "same-issuer");
        var settings = new Dictionary<string, string?> { ["Bootstrap__SeedFile"] = seed.WriteTo(root), ["Tokens__Issuer"] = "http://oroorleans.test" };
        string token;
        await using (var first = new WebFrontProcess(dataDirectory, settings))
        {
            await first.Start();
            using var http = first.CreateClient();
            token = (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;
            using var before = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", token));
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using var second = new WebFrontProcess(dataDirectory, settings);
        await second.Start();
        using var again = second.CreateClient();
        using var after = await again.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", token));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        await TokenClient.Login(again, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
    }

    [Fact]
    public async Task TwoInstances_WithOwnDataDirectories_RunSideBySide()
    {
        var otherSeed = new TestSeed();
        await using var a = Server("side-a");
        await using var b = new WebFrontProcess(Path.Combine(root, "side-b"), new Dictionary<string, string?> { ["Bootstrap__SeedFile"] = otherSeed.WriteTo(Directory.CreateDirectory(Path.Combine(root, "seed-b")).FullName) });
        await Task.WhenAll(a.Start(), b.Start());
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();

        await TokenClient.Login(httpA, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        await TokenClient.Login(httpB, otherSeed.BackofficeClientId, otherSeed.BackofficeSecret, otherSeed.AdminUsername, otherSeed.AdminPassword);
        // Each instance has its own clients: A's client is unknown to B.
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
            ["username"] = seed.AdminUsername, ["password"] = seed.AdminPassword,
        };
        using var crossed = await TokenClient.PostForm(httpB, form);
        Assert.Equal(HttpStatusCode.Unauthorized, crossed.StatusCode);
    }

    [Theory]
    [InlineData("{\"users\":[{\"username\":\"a\",\"password\":\"p\"}]}", "users[0].email is required")]
    [InlineData("{\"users\":[{\"username\":\"a\",\"email\":\"not-an-email\",\"password\":\"p\"}]}", "users[0].email 'not-an-email' is not an email address")]
    [InlineData("{\"clients\":[{\"name\":\"c\",\"identifier\":\"short\",\"secret\":\"0123456789abcdef\",\"grants\":[\"password\"]}]}", "clients[0].identifier must be 32 letters or digits")]
    [InlineData("{\"clients\":[{\"name\":\"c\",\"identifier\":\"0123456789abcdef0123456789abcdef\",\"secret\":\"0123456789abcdef\",\"grants\":[\"implicit\"]}]}", "clients[0].grants 'implicit' is not one of")]
    [InlineData("{\"customerUsers\":[{\"email\":\"a@b.c\"}]}", "customerUsers[0].password is required")]
    [InlineData("{\"users\": [", "cannot be read")]
    public async Task BadSeedFile_StopsTheStartNamingEntryAndField(string json, string expected)
    {
        var file = Path.Combine(root, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, json);
        await using var server = new WebFrontProcess(Path.Combine(root, "bad-seed"), new Dictionary<string, string?> { ["Bootstrap__SeedFile"] = file });
        server.Launch();

        var exitCode = await server.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("OroOrleans cannot start: Bootstrap:SeedFile", server.Output, StringComparison.Ordinal);
        Assert.Contains(expected, server.Output, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private WebFrontProcess Server(string name) => new(Path.Combine(root, name), new Dictionary<string, string?>
    {
        ["Bootstrap__SeedFile"] = seed.WriteTo(Directory.CreateDirectory(Path.Combine(root, name + "-seed")).FullName),
    });
}
