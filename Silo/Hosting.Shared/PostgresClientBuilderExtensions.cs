using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Storage;

/// <summary>Configures an Orleans client (a front end) for cluster mode on PostgreSQL.</summary>
public static class PostgresClientBuilderExtensions
{
    /// <summary>
    /// Finds the silos' gateways through Orleans' ADO.NET clustering on PostgreSQL, and decodes the PostgreSQL
    /// exceptions a silo's answer carries (<see cref="WireExceptions"/>).
    /// </summary>
    public static IClientBuilder UseOroPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        builder.Services.AddNpgsqlExceptionsOnTheWire();
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterConnection.Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
