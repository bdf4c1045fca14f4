using Npgsql;

namespace OroOrleans.Silo.Management;

/// <summary>One <c>SELECT 1</c> on the cluster's PostgreSQL through the pool.</summary>
public sealed class SiloStorageProbe(string connectionString)
{
    public async Task Ping(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
