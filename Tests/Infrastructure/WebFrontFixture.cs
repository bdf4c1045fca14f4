namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// One WebFront process with fresh random seed data, shared by a test collection. A collection that needs other
/// settings derives and adds them in <see cref="ExtraSettings"/>.
/// </summary>
public class WebFrontFixture : IAsyncLifetime
{
    /// <summary>The one origin the shared server allows (§2.8).</summary>
    public const string AllowedOrigin = "https://shop.example";

    public TestSeed Seed { get; } = new();
    public WebFrontProcess Server { get; private set; } = null!;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("oroorleans-test-").FullName;

    public HttpClient CreateClient() => Server.CreateClient();

    /// <summary>Settings beyond the shared server's, for a derived fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

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
        foreach (var (key, value) in ExtraSettings)
        {
            Server.Settings[key] = value;
        }

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
