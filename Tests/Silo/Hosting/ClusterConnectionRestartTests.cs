using Microsoft.Extensions.Configuration;
using Npgsql;
using OroOrleans.Silo.Hosting;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §9.2, "full service within 5 s of its return", for a pool that nothing used while PostgreSQL was down: with the
/// cluster connection's defaults (<see cref="ClusterConnection.Defaults"/>, <c>Keepalive=1</c>) the first queries after
/// a restart all succeed; with the keepalive off, the same pool hands out a connection the restart ended and the
/// query fails, which is what a request met as a 503 on a quiet silo after the database was back. Both pools are
/// Npgsql's global pools keyed by the connection string, the ones Orleans' ADO.NET providers use.
/// </summary>
[Trait("Category", TestCategories.Process)]
[Trait("Category", TestCategories.Postgres)]
public sealed class ClusterConnectionRestartTests(ITestOutputHelper output)
{
    private const int Pooled = 6;

    [SkippableFact]
    public async Task IdlePool_AfterARestart_AnswersAtOnce_WithTheDefaults_AndFailsWithoutTheKeepalive()
    {
        await using var pg = await PrivatePostgres.StartAsync("pool-restart");
        // Two pools: the application name makes the connection strings, and so Npgsql's pools, differ.
        var withDefaults = ClusterConnection.Required(Configuration(pg.ConnectionString + ";Application Name=defaults"));
        var withoutKeepalive = ClusterConnection.Required(Configuration(pg.ConnectionString + ";Application Name=no-keepalive;Keepalive=0"));
        Assert.Equal(1, new NpgsqlConnectionStringBuilder(withDefaults).KeepAlive);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(withoutKeepalive).KeepAlive);
        try
        {
            await Fill(withDefaults);
            await Fill(withoutKeepalive);

            await pg.RestartAsync(TimeSpan.FromSeconds(2));

            var failedWith = await QueryEach(withDefaults);
            var failedWithout = await QueryEach(withoutKeepalive);
            output.WriteLine($"{Pooled} idle connections per pool, PostgreSQL restarted (2 s down); first {Pooled} queries after its return: " +
                $"with the defaults {failedWith.Count} failed, without the keepalive {failedWithout.Count} failed ({string.Join("; ", failedWithout.Distinct())})");

            Assert.Empty(failedWith);
            Assert.NotEmpty(failedWithout);
        }
        finally
        {
            // Only these two pools: other tests' pools in this process are not ours to close.
            foreach (var connectionString in new[] { withDefaults, withoutKeepalive })
            {
                await using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }

    /// <summary>Opens <see cref="Pooled"/> connections at once, uses each, and returns them all to the pool.</summary>
    private static async Task Fill(string connectionString)
    {
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < Pooled; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                connections.Add(connection);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                Assert.Equal(1, await command.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>One query per pooled connection, one after another: the failures' messages.</summary>
    private static async Task<List<string>> QueryEach(string connectionString)
    {
        var failures = new List<string>();
        for (var i = 0; i < Pooled; i++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                Assert.Equal(1, await command.ExecuteScalarAsync());
            }
            catch (NpgsqlException e)
            {
                failures.Add(e is PostgresException p ? $"{p.SqlState} {p.MessageText}" : e.Message);
            }
        }

        return failures;
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orleans"] = connectionString }).Build();
}
