using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Storage;

/// <summary>Configures an Orleans client (a front end) for cluster mode on PostgreSQL.</summary>
public static class PostgresClientBuilderExtensions
{
    /// <summary>Finds the silos' gateways through Orleans' ADO.NET clustering on PostgreSQL.</summary>
    public static IClientBuilder UseOroPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = ClusterConnection.Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
