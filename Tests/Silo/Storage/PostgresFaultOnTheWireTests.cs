using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;
using OroOrleans.WebFront.Token;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// §9.2: when PostgreSQL refuses a silo's storage, a front end hears PostgreSQL's refusal, not a codec failure.
/// The silo and the client are configured as in production (<see cref="PostgresSiloBuilderExtensions.AddOroPostgresGrainStorage"/>,
/// <see cref="PostgresClientBuilderExtensions.UseOroPostgresClustering"/>); the grain storage has a database of
/// its own, dropped once the silo is up, so the real server refuses the activation's read.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresFaultOnTheWireTests(ITestOutputHelper output)
{
    private const string StorageConnection = "OroTests:PostgresStorageConnection";

    [SkippableFact]
    public async Task RefusedActivation_ReachesTheClient_AsTheDriversException_AndIsUnavailability()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        var database = $"oro_dropped_{Guid.NewGuid():N}";
        var storage = new NpgsqlConnectionStringBuilder(connectionString) { Database = database };
        await Execute(connectionString, $"CREATE DATABASE {database}");
        try
        {
            await PostgresSchema.ApplyAsync(storage.ConnectionString);

            var serviceId = $"oro-test-{Guid.NewGuid():N}";
            var builder = new TestClusterBuilder(1);
            builder.Options.ServiceId = serviceId;
            builder.Options.ClusterId = $"{serviceId}-cluster";
            builder.Options.UseTestClusterMembership = false;
            builder.Properties[StorageTestKeys.PostgresConnection] = connectionString;
            builder.Properties[StorageConnection] = storage.ConnectionString;
            builder.AddSiloBuilderConfigurator<SiloWithRefusedStorage>();
            builder.AddClientBuilderConfigurator<PostgresClusterClientConfigurator>();
            await using var cluster = builder.Build();
            await cluster.DeployAsync();
            await Execute(connectionString, $"DROP DATABASE {database} WITH (FORCE)");

            var failure = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<IStorageProbeGrain>("refused").Get());
            output.WriteLine($"the client received: {ClusterFaults.Describe(failure)}: {failure.Message.Split('\n')[0]}");

            var chain = Chain(failure).ToList();
            Assert.DoesNotContain(chain, e => e is Orleans.Serialization.SerializerException or Orleans.Serialization.UnavailableExceptionFallbackException);
            // A new connection meets 3D000 (no such database); a pooled one the drop cut off, 57P01 or a broken stream.
            var refusal = Assert.Single(chain.OfType<NpgsqlException>());
            Assert.Contains(refusal.GetType().Name, ClusterFaults.Describe(failure), StringComparison.Ordinal);
            Assert.True(ClusterFaults.IsUnavailable(failure));
        }
        finally
        {
            // Gone already when the test got that far; not when it failed before.
            await Execute(connectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    /// <summary>Clustering on the test database; the grain storage on a database of its own, which the test drops.</summary>
    private sealed class SiloWithRefusedStorage : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = PostgresSchema.Invariant;
                    options.ConnectionString = siloBuilder.Configuration.GetValue<string>(StorageTestKeys.PostgresConnection);
                })
                .AddOroPostgresGrainStorage("main", siloBuilder.Configuration.GetValue<string>(StorageConnection)!);
    }
}
