using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using OroOrleans.Grains.Expiry;
using Orleans.Serialization;
using OroOrleans.Grains.Revocation;

namespace OroOrleans.Silo.Storage;

/// <summary>Registers the embedded SQLite grain storage on a silo.</summary>
public static class SqliteStorageSiloBuilderExtensions
{
    /// <summary>
    /// Prepares the SQLite database under <paramref name="dataDirectory"/> (see <see cref="SqliteStore.Prepare"/>)
    /// and adds Orleans' ADO.NET grain storage named <paramref name="name"/> on it, with payloads written by
    /// <see cref="GrainStateSerializer"/>, the revocation ledger's fact table on the same database, keyed by the same
    /// name, and the expiry sweep's deletes there too (<see cref="SqliteExpiredStateStore"/>); every write of the
    /// three runs in one line on one thread (<see cref="WriteTurns"/>), and the log is checkpointed off the write path
    /// (<see cref="SqliteCheckpointer"/>).
    /// </summary>
    public static ISiloBuilder AddOroSqliteGrainStorage(this ISiloBuilder builder, string name, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var dataSource = new SqliteDataSource(SqliteStore.Prepare(dataDirectory));
        // Made by a factory and resolved by the checkpointer, which always runs, so the container disposes it with the
        // silo and its writer thread ends.
        builder.Services.AddKeyedSingleton(name, (_, _) => dataSource);
        builder.Services.AddHostedService(sp => new SqliteCheckpointer(
            sp.GetRequiredKeyedService<SqliteDataSource>(name), sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
        builder.Services.AddSingleton<IExpiredStateStore>(sp => new SqliteExpiredStateStore(dataSource, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        builder.Services.AddKeyedSingleton<IRevocationFactStore>(name, RevocationFactTable.Sqlite(dataSource));
        builder.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = SqliteStore.Invariant;
            options.DataSource = dataSource;
            options.GrainStorageSerializer = new GrainStateSerializer(serializer);
        }));

        // The provider again, its writes in the line. Registered last, so this is the storage the name resolves to, also
        // where the provider's own registration looks it up as a silo lifecycle participant.
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) =>
            new TurnTakingGrainStorage(AdoNetGrainStorageFactory.Create(services, (string)key!), dataSource.Writes));
        return builder;
    }
}
