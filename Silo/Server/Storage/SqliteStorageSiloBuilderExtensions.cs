using Orleans.Configuration;

namespace OroOrleans.Silo.Storage;

/// <summary>Registers the embedded SQLite grain storage on a silo.</summary>
public static class SqliteStorageSiloBuilderExtensions
{
    /// <summary>
    /// Prepares the SQLite database under <paramref name="dataDirectory"/> (see <see cref="SqliteStore.Prepare"/>)
    /// and adds Orleans' ADO.NET grain storage named <paramref name="name"/> on it.
    /// </summary>
    public static ISiloBuilder AddOroSqliteGrainStorage(this ISiloBuilder builder, string name, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var dataSource = new SqliteDataSource(SqliteStore.Prepare(dataDirectory));
        return builder.AddAdoNetGrainStorage(name, (AdoNetGrainStorageOptions options) =>
        {
            options.Invariant = SqliteStore.Invariant;
            options.DataSource = dataSource;
        });
    }
}
