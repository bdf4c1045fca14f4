using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>Silos with the "main" grain storage on SQLite, as in standalone mode.</summary>
public sealed class SqliteStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        siloBuilder.AddOroSqliteGrainStorage("main", siloBuilder.Configuration.GetValue<string>(StorageTestKeys.SqliteDirectory)!);
}
