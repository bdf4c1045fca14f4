using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;

namespace OroOrleans.Silo.Storage;

/// <summary>Configures a silo for cluster mode on PostgreSQL.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans' ADO.NET providers on PostgreSQL for clustering, for the grain storage
    /// <see cref="StorageNames.Main"/> and for reminders. The schema must be applied first
    /// (<see cref="PostgresSchema.ApplyAsync"/>, or <c>dotnet run --project Silo -- migrate --connection "…"</c>).
    /// State payloads are written by <see cref="GrainStateSerializer"/>; the revocation ledger's facts go to their own
    /// table (<see cref="RevocationFactTable"/>).
    /// </summary>
    public static ISiloBuilder UseOroPostgres(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        builder.Services.AddKeyedSingleton<IRevocationFactStore>(
            StorageNames.Main, (_, _) => RevocationFactTable.Postgres(NpgsqlDataSource.Create(connectionString)));
        return builder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(StorageNames.Main, optionsBuilder => optionsBuilder.Configure<Serializer>((options, serializer) =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
                options.GrainStorageSerializer = new GrainStateSerializer(serializer);
            }))
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            });
    }
}
