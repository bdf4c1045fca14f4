using Npgsql;
using OroOrleans.Grains.Expiry;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The sweep's deletes on PostgreSQL (cluster mode), through Orleans' <c>orleansstorage</c> table: the state name,
/// the string key and <c>ModifiedOn</c> (the write's <c>now()</c>), indexed by <c>IX_OrleansStorage_Expiry</c>
/// (<c>db/postgresql/05-expiry.sql</c>). One statement per batch; the outer condition on <c>ModifiedOn</c> is checked
/// again on a row that a concurrent write changed, so a row written again meanwhile is kept.
/// </summary>
public sealed class PostgresExpiredStateStore(NpgsqlDataSource dataSource, string serviceId) : IExpiredStateStore
{
    private const string Delete = """
        DELETE FROM OrleansStorage
        WHERE ctid IN (
            SELECT ctid FROM OrleansStorage
            WHERE ServiceId = @ServiceId AND GrainTypeString = @StateName AND ModifiedOn < @Cutoff
              AND (@Prefix::text IS NULL OR GrainIdExtensionString LIKE @Prefix::text || '%')
            ORDER BY ModifiedOn
            LIMIT @Batch)
          AND ModifiedOn < @Cutoff
        """;

    public async Task<int> DeleteModifiedBefore(string stateName, string? keyPrefix, DateTimeOffset modifiedBefore, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Delete);
        command.Parameters.AddWithValue("ServiceId", serviceId);
        command.Parameters.AddWithValue("StateName", stateName);
        command.Parameters.AddWithValue("Cutoff", modifiedBefore.ToUniversalTime());
        command.Parameters.AddWithValue("Prefix", NpgsqlTypes.NpgsqlDbType.Text, (object?)keyPrefix ?? DBNull.Value);
        command.Parameters.AddWithValue("Batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
