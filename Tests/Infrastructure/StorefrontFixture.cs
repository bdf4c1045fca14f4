using System.Text.Json.Nodes;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A WebFront process for the storefront tests: the usual <see cref="TestSeed"/> plus a second storefront client
/// (password only) and no rate limits; issuance counters flush every second.
/// </summary>
public sealed class StorefrontFixture : IAsyncLifetime
{
    public TestSeed Seed { get; } = new();
    public string OtherStorefrontClientId { get; } = ("sf2" + Guid.NewGuid().ToString("N"))[..32];
    public string OtherStorefrontSecret { get; } = "sf2-secret-" + Guid.NewGuid().ToString("N");
    public WebFrontProcess Server { get; private set; } = null!;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("oroorleans-sf-").FullName;

    public string DatabasePath => Path.Combine(DataDirectory, "data", OroOrleans.Silo.Storage.SqliteStore.DatabaseFileName);

    public HttpClient CreateClient() => Server.CreateClient();

    public async Task InitializeAsync()
    {
        var seedFile = Seed.WriteTo(DataDirectory);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(seedFile))!.AsObject();
        document["clients"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "Second storefront",
            ["identifier"] = OtherStorefrontClientId,
            ["secret"] = OtherStorefrontSecret,
            ["grants"] = new JsonArray("password"),
            ["frontend"] = true,
            ["active"] = true,
        });
        await File.WriteAllTextAsync(seedFile, document.ToJsonString());
        Server = new WebFrontProcess(Path.Combine(DataDirectory, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seedFile,
            ["RateLimits__Enabled"] = "false",
            ["Issuance__FlushInterval"] = "00:00:01",
        });
        await Server.Start();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StorefrontCollection : ICollectionFixture<StorefrontFixture>
{
    public const string Name = "Storefront";
}
