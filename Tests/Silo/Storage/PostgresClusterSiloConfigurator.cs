using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>Silos configured for cluster mode: clustering, grain storage and reminders on PostgreSQL.</summary>
public sealed class PostgresClusterSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        siloBuilder.UseOroPostgres(siloBuilder.Configuration.GetValue<string>(StorageTestKeys.PostgresConnection)!);
}
