using System.Globalization;
using OroOrleans.Silo.Storage;
using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Management;

/// <summary>
/// A small real cluster as operators run it (§8, §9.2): one silo and one client-mode front end on PostgreSQL, each
/// with its management listener on a free loopback port, and OTLP export switched on (to a port nothing listens on:
/// the tests read the trace context from the silo's log scopes, not from a collector).
/// </summary>
public sealed class ObservedClusterFixture : IAsyncLifetime
{
    public TestSeed Seed { get; } = new();
    public SiloProcess Silo { get; private set; } = null!;
    public WebFrontProcess Front { get; private set; } = null!;
    public Uri SiloManagement { get; } = LoopbackUrl(ChildProcess.FreePort());
    public Uri FrontManagement { get; } = LoopbackUrl(ChildProcess.FreePort());

    /// <summary>The silo's dashboard asks for this password (HTTP Basic, user <c>admin</c>).</summary>
    public string SiloDashboardPassword { get; } = "dash-" + Guid.NewGuid().ToString("N");

    /// <summary>Why the cluster did not start (no PostgreSQL), or null.</summary>
    public string? Missing { get; private set; }

    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-observed-").FullName;

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresTestDatabaseVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Missing = $"{PostgresTestDatabaseVariable} is not set, so no PostgreSQL server is known (scripts/pg-start.sh starts one).";
            return;
        }

        await PostgresSchema.ApplyAsync(connectionString);
        var serviceId = $"oro-observed-{Guid.NewGuid():N}";
        var otlp = LoopbackUrl(ChildProcess.FreePort()).ToString();
        var cluster = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp,
        };
        Front = new WebFrontProcess(Path.Combine(directory, "front"), new Dictionary<string, string?>(cluster)
        {
            ["Orleans__Mode"] = "Client",
            ["Management__Urls"] = FrontManagement.ToString().TrimEnd('/'),
            ["RateLimits__Enabled"] = "false",
        });
        Silo = new SiloProcess("silo1", new Dictionary<string, string?>(cluster)
        {
            ["Tokens__Issuer"] = Front.Issuer,
            ["Bootstrap__SeedFile"] = Seed.WriteTo(directory),
            ["Management__Urls"] = SiloManagement.ToString().TrimEnd('/'),
            ["Management__DashboardPassword"] = SiloDashboardPassword,
            // The issuer grain's debug line, with the log scopes, shows the trace id a token request carried in.
            ["Logging__Console__IncludeScopes"] = "true",
            ["Logging__LogLevel__OroOrleans.Grains.Tokens.TokenIssuerGrain"] = "Debug",
        });
        Silo.Launch();
        await Silo.WaitUntilReady(TimeSpan.FromSeconds(90));
        await Front.Start(TimeSpan.FromSeconds(90));
    }

    /// <summary>Reports the test skipped (after saying why) when the cluster could not start here; fails instead under CI.</summary>
    public void EnsureAvailable(ITestOutputHelper output)
    {
        if (Missing is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(Missing + " CI is set: this test must run there.");
        }

        output.WriteLine(Missing);
        throw new SkipException(Missing + " CI is not set, so the test is reported skipped.");
    }

    public async Task DisposeAsync()
    {
        if (Front is not null)
        {
            await Front.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private const string PostgresTestDatabaseVariable = "OROORLEANS_TEST_PG";

    private static Uri LoopbackUrl(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
}

[CollectionDefinition(Name)]
public sealed class ObservedClusterCollection : ICollectionFixture<ObservedClusterFixture>
{
    public const string Name = "ObservedCluster";
}
