using Orleans.TestingHost;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>The grain storage contract on PostgreSQL (cluster mode), against <c>OROORLEANS_TEST_PG</c>.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresGrainStorageTests(ITestOutputHelper output) : GrainStorageTests(output)
{
    protected override async Task<TestClusterBuilder> CreateBuilderAsync(string serviceId)
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(Output);

        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-cluster";
        builder.Properties[StorageTestKeys.PostgresConnection] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresStorageSiloConfigurator>();
        return builder;
    }
}
