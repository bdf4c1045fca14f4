using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using OroOrleans.Grains.Expiry;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Storage;

/// <summary>Configures a silo for cluster mode on PostgreSQL.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans' ADO.NET providers on PostgreSQL for clustering, for the grain storage
    /// <see cref="StorageNames.Main"/> (<see cref="AddOroPostgresGrainStorage"/>) and for reminders. The schema must be
    /// applied first (<see cref="PostgresSchema.ApplyAsync"/>, or <c>dotnet run --project Silo -- migrate --connection "…"</c>).
    /// The revocation ledger's facts go to their own table (<see cref="RevocationFactTable"/>).
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
            .AddOroPostgresGrainStorage(StorageNames.Main, connectionString)
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = connectionString;
            });
    }

    /// <summary>
    /// Orleans' ADO.NET grain storage named <paramref name="name"/> on PostgreSQL, payloads written by
    /// <see cref="GrainStateSerializer"/>, the revocation ledger's fact table keyed by the same name, and the expiry
    /// sweep's deletes on the grain-state table (<see cref="PostgresExpiredStateStore"/>). The storage's exceptions
    /// cross to other silos and to front ends (<see cref="WireExceptions"/>).
    /// </summary>
    public static ISiloBuilder AddOroPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        builder.Services.AddNpgsqlExceptionsOnTheWire();
        // One connection pool for the fact table and the sweep, made and disposed by the container (at the silo's stop).
        builder.Services.AddKeyedSingleton(name, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddKeyedSingleton<IRevocationFactStore>(
            name, (sp, _) => RevocationFactTable.Postgres(sp.GetRequiredKeyedService<NpgsqlDataSource>(name)));
        builder.Services.AddSingleton<IExpiredStateStore>(sp => new PostgresExpiredStateStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(name), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return builder.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = PostgresSchema.Invariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = new GrainStateSerializer(serializer);
        }));
    }
}
