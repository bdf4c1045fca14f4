using Npgsql;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>Cluster mode end to end: silos and a client meeting through ADO.NET clustering on PostgreSQL.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresClusteringTests(ITestOutputHelper output)
{
    private const int ActiveStatus = 3;

    [SkippableFact]
    public async Task TwoSilos_JoinThroughPostgres_AndServeStorageAndReminders()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);

        var serviceId = $"oro-test-{Guid.NewGuid():N}";
        var clusterId = $"{serviceId}-cluster";
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = clusterId;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[StorageTestKeys.PostgresConnection] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresClusterSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClusterClientConfigurator>();

        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        Assert.Equal(2, await WaitForActiveSilosAsync(connectionString, clusterId, expected: 2));

        // The client found a gateway through the membership table; storage and reminders work too.
        var grain = cluster.Client.GetGrain<IStorageProbeGrain>($"probe-{Guid.NewGuid():N}");
        await grain.Set("clustered", 9, ["pg"]);
        Assert.Equal("clustered", (await grain.Reload()).Text);

        await grain.RegisterReminder("tick");
        Assert.Equal(1L, await CountRemindersAsync(connectionString, serviceId));
        await grain.RegisterReminder("tick");
        Assert.Equal(1L, await CountRemindersAsync(connectionString, serviceId));
        await grain.UnregisterReminder("tick");
        Assert.Equal(0L, await CountRemindersAsync(connectionString, serviceId));
    }

    private static async Task<long> WaitForActiveSilosAsync(string connectionString, string clusterId, int expected)
    {
        long active = 0;
        for (var i = 0; i < 100 && active != expected; i++)
        {
            if (i > 0) await Task.Delay(100);
            active = await ScalarAsync(
                connectionString,
                "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = @status",
                ("id", clusterId),
                ("status", ActiveStatus));
        }

        return active;
    }

    private static Task<long> CountRemindersAsync(string connectionString, string serviceId) =>
        ScalarAsync(connectionString, "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = @id", ("id", serviceId));

    private static async Task<long> ScalarAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
