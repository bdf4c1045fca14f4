using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// Silos with the "main" grain storage on SQLite as this project configured it before
/// <see cref="GrainStateSerializer"/>: Orleans' default JSON serializer, which writes CLR type names.
/// </summary>
public sealed class LegacyJsonSqliteSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var directory = siloBuilder.Configuration.GetValue<string>(StorageTestKeys.SqliteDirectory)!;
        siloBuilder.AddAdoNetGrainStorage("main", (AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = SqliteStore.Invariant;
            options.DataSource = new SqliteDataSource(SqliteStore.Prepare(directory));
        });
    }
}
