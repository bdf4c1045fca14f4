namespace OroOrleans.Tests.Infrastructure;

/// <summary>One WebFront process with fresh random seed data, shared by a test collection.</summary>
public sealed class WebFrontFixture : IAsyncLifetime
{
    /// <summary>The one origin the shared server allows (§2.8).</summary>
    public const string AllowedOrigin = "https://shop.example";

    public TestSeed Seed { get; } = new();
    public WebFrontProcess Server { get; private set; } = null!;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("oroorleans-test-").FullName;

    public HttpClient CreateClient() => Server.CreateClient();

    public async Task InitializeAsync()
    {
        var seedFile = Seed.WriteTo(DataDirectory);
        Server = new WebFrontProcess(Path.Combine(DataDirectory, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seedFile,
            // Every test class of the collection logs in from 127.0.0.1; the limits have their own tests and server.
            ["RateLimits__Enabled"] = "false",
            ["Cors__AllowOrigins__0"] = AllowedOrigin,
        });
        await Server.Start();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
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
public sealed class WebFrontCollection : ICollectionFixture<WebFrontFixture>
{
    public const string Name = "WebFront";
}
