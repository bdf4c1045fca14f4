using System.Data.Common;
using System.Globalization;
using OroOrleans.Grains.Expiry;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The sweep's deletes on the standalone SQLite store: Orleans' <c>OrleansStorage</c> table keeps the state name
/// (<c>GrainTypeString</c>), the string key (<c>GrainIdExtensionString</c>) and the last write (<c>ModifiedOn</c>, UTC
/// text in a sortable format), indexed by <c>IX_OrleansStorage_Expiry</c>. One statement per batch; SQLite runs one
/// writer at a time, so a row written again meanwhile is judged on its new time. A batch takes its turn with the
/// other writes (<see cref="WriteTurns"/>).
/// </summary>
public sealed class SqliteExpiredStateStore(SqliteDataSource dataSource, string serviceId) : IExpiredStateStore
{
    private const string Delete = """
        DELETE FROM OrleansStorage
        WHERE rowid IN (
            SELECT rowid FROM OrleansStorage
            WHERE ServiceId = @ServiceId AND GrainTypeString = @StateName AND ModifiedOn < @Cutoff
              AND (@Prefix IS NULL OR substr(GrainIdExtensionString, 1, length(@Prefix)) = @Prefix)
            ORDER BY ModifiedOn
            LIMIT @Batch);
        """;

    public Task<int> DeleteModifiedBefore(string stateName, string? keyPrefix, DateTimeOffset modifiedBefore, int batchSize, CancellationToken cancellationToken) =>
        dataSource.Writes.Run(() =>
        {
            using var command = dataSource.CreateCommand(Delete);
            Add(command, "@ServiceId", serviceId);
            Add(command, "@StateName", stateName);
            // The format of the table's ModifiedOn (strftime('%Y-%m-%dT%H:%M:%fZ')), so that text order is time order.
            Add(command, "@Cutoff", modifiedBefore.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Add(command, "@Prefix", keyPrefix);
            Add(command, "@Batch", batchSize);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
