using Npgsql;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The PostgreSQL schema of cluster mode (§9.2): the query catalogue, membership, grain state and
/// reminders tables that Orleans' ADO.NET providers (10.4.2) need, from our scripts under
/// <c>db/postgresql/</c>.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant for PostgreSQL (Npgsql) in Orleans 10.4.2.</summary>
    public const string Invariant = ClusterConnection.Invariant;

    // Any fixed number works; it only has to be the same for every process that migrates.
    private const long MigrationLockKey = 0x4F524F4F_524C4541;

    /// <summary>
    /// Applies every script of <c>db/postgresql/</c> in name order, in one transaction. The scripts are
    /// idempotent and the transaction holds an advisory lock, so several processes may run this at once
    /// and any number of times.
    /// </summary>
    /// <returns>The names of the applied scripts.</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = DbScripts.List("postgresql");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in scripts)
        {
            var sql = await File.ReadAllTextAsync(script, cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. scripts.Select(Path.GetFileName).OfType<string>()];
    }
}
