using Orleans.TestingHost;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Storage;

/// <summary>The grain storage contract on PostgreSQL (cluster mode), against <c>OROORLEANS_TEST_PG</c>.</summary>
public sealed class PostgresGrainStorageTests(ITestOutputHelper output) : GrainStorageTests(output)
{
    protected override async Task<TestClusterBuilder?> CreateBuilderAsync(string serviceId)
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(Output);
        if (connectionString is null) return null;

        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-cluster";
        builder.Properties[StorageTestKeys.PostgresConnection] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresStorageSiloConfigurator>();
        return builder;
    }
}
