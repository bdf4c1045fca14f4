using OroOrleans.Tests.Infrastructure;

namespace OroOrleans.Tests.Families;

/// <summary>A WebFront process of its own with <c>Lockout:MaxFailedAttempts = 3</c>: its tests lock accounts.</summary>
public sealed class LockoutServerFixture : IAsyncLifetime
{
    public const int MaxFailedAttempts = 3;

    public TestSeed Seed { get; } = new();
    public WebFrontProcess Server { get; private set; } = null!;
    private string DataDirectory { get; } = Directory.CreateTempSubdirectory("oroorleans-lockout-").FullName;

    public async Task InitializeAsync()
    {
        Server = new WebFrontProcess(Path.Combine(DataDirectory, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = Seed.WriteTo(DataDirectory),
            ["Lockout__MaxFailedAttempts"] = MaxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Wrong-password bursts from one address are this collection's subject; the per-IP limit is not.
            ["RateLimits__Enabled"] = "false",
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
