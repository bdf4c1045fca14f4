using Orleans.Configuration;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Silo.Storage;

/// <summary>Configures a silo for cluster mode on PostgreSQL.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans' ADO.NET providers on PostgreSQL for clustering, for the grain storage
    /// <see cref="StorageNames.Main"/> and for reminders. The schema must be applied first
    /// (<see cref="PostgresSchema.ApplyAsync"/>, or <c>dotnet run --project Silo -- migrate --connection "…"</c>).
    /// </summary>
    public static ISiloBuilder UseOroPostgres(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(StorageNames.Main, (AdoNetGrainStorageOptions options) =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            });
    }
}
