using System.Text.Json.Nodes;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// Two front ends over one cluster: <see cref="A"/> co-hosts the silo (standalone, its gateway on a known port),
/// <see cref="B"/> is a client-mode front end connected to that gateway. Seeded with the usual test data plus a
/// back-office client that tests may deactivate.
/// </summary>
public sealed class RevocationFixture : IAsyncLifetime
{
    public TestSeed Seed { get; } = new();
    public string DeactivatableClientId { get; } = ("dc" + Guid.NewGuid().ToString("N"))[..32];
    public string DeactivatableSecret { get; } = "dc-secret-" + Guid.NewGuid().ToString("N");
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("oroorleans-revocation-").FullName;
    public int GatewayPort { get; } = ChildProcess.FreePort();
    public WebFrontProcess A { get; private set; } = null!;
    public WebFrontProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var seedFile = Seed.WriteTo(Directory);
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(seedFile))!.AsObject();
        seed["clients"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "Deactivatable",
            ["identifier"] = DeactivatableClientId,
            ["secret"] = DeactivatableSecret,
            ["grants"] = new JsonArray("password"),
            ["frontend"] = false,
            ["active"] = true,
        });
        await File.WriteAllTextAsync(seedFile, seed.ToJsonString());
        A = new WebFrontProcess(Path.Combine(Directory, "a"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seedFile,
            ["Standalone__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Every test of the collection logs in from 127.0.0.1; the per-IP limits have their own tests and server.
            ["RateLimits__Enabled"] = "false",
        });
        await A.Start();
        B = ClientModeFrontEnd("b");
        await B.Start();
    }

    /// <summary>A front end in client mode against <see cref="A"/>'s silo, same issuer (not started).</summary>
    public WebFrontProcess ClientModeFrontEnd(string name) => new(Path.Combine(Directory, name), new Dictionary<string, string?>
    {
        ["Orleans__Mode"] = "Client",
        ["RateLimits__Enabled"] = "false",
        ["Orleans__Gateways__0"] = $"127.0.0.1:{GatewayPort}",
        ["Orleans__ResponseTimeout"] = "00:00:05",
        ["Tokens__Issuer"] = A.Issuer,
        // Each client-mode front end its own management port: two of them at once cannot share the role default.
        ["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
    });

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RevocationCollection : ICollectionFixture<RevocationFixture>
{
    public const string Name = "Revocation";
}
