using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>Silos with only the "main" grain storage on PostgreSQL (the test cluster's own membership).</summary>
public sealed class PostgresStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        siloBuilder.AddAdoNetGrainStorage("main", (AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.ConnectionString = siloBuilder.Configuration.GetValue<string>(StorageTestKeys.PostgresConnection);
        });
}
