using Npgsql;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// The operator commands' connection to the cluster (<c>clients</c>, <c>import</c>), run as processes with no silo
/// up: they say at once which cluster they are connecting to, give up after <c>Orleans:ConnectTimeout</c> with one
/// line naming what failed and exit 1, and never echo the connection string's password.
/// </summary>
public sealed class ClusterClientHostTests(ITestOutputHelper output)
{
    private const string Password = "never-printed-7f3a";

    /// <summary>A bound Orleans' own client would have waited out for 3 minutes, and the old command with it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    [SkippableFact]
    [Trait("Category", TestCategories.Postgres)]
    public async Task Clients_WithNoSiloUp_GivesUpAfterTheConnectTimeout_WithOneLine()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        // A cluster of its own: its membership table has no gateway at all.
        var cluster = $"oro-nosilo-{Guid.NewGuid():N}";
        var (exitCode, lines, elapsed) = await Run(new()
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = cluster,
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ConnectTimeout"] = "00:00:03",
        });

        Assert.Equal(1, exitCode);
        Assert.All(lines, l => Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(connectionString).Password!, l, StringComparison.Ordinal));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"clients: connecting to cluster '{cluster}' of service '{cluster}' (gateways from PostgreSQL ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(", for up to 3 s", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"clients: gave up after 3 s (Orleans:ConnectTimeout): no gateway of cluster '{cluster}' answered: Could not find any gateway", lines[1], StringComparison.Ordinal);
        // It tried for the whole bound (a try each second), and stopped soon after it; the process itself starts in 1-2 s.
        Assert.InRange(elapsed, Bound, Bound + TimeSpan.FromSeconds(12));
    }

    [Fact]
    [Trait("Category", TestCategories.Process)]
    public async Task Clients_WithPostgreSqlRefusing_FailsAtOnce_NamingTheFailure_WithoutThePassword()
    {
        var (exitCode, lines, elapsed) = await Run(new()
        {
            ["ConnectionStrings__Orleans"] = $"Host=127.0.0.1;Port=1;Username=oro;Password={Password};Database=oro",
        });

        Assert.Equal(1, exitCode);
        Assert.Equal(
            ["clients: connecting to cluster 'oroorleans' of service 'oroorleans' (gateways from PostgreSQL 127.0.0.1:1/oro), for up to 30 s",
             "clients: cannot reach the cluster: Connection refused"],
            lines);
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed.TotalSeconds:F1} s");
    }

    private async Task<(int ExitCode, string[] Lines, TimeSpan Elapsed)> Run(Dictionary<string, string?> environment)
    {
        environment["DOTNET_ENVIRONMENT"] = "Production";
        var run = await ChildProcess.RunToExit(RepositoryPaths.SiloDll, environment, TimeSpan.FromSeconds(60), "clients", "list");
        output.WriteLine($"$ OroOrleans.Silo clients list  (exit {run.ExitCode}, {run.Elapsed.TotalSeconds:F1} s)\n{string.Join('\n', run.Lines)}");
        Assert.All(run.Lines, l => Assert.DoesNotContain(Password, l, StringComparison.Ordinal));
        return run;
    }
}
