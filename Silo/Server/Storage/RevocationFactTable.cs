using System.Data.Common;
using System.Text;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The ledger's facts as rows of the table <c>revocation_facts</c> (<c>db/sqlite/revocation-facts.sql</c>,
/// <c>db/postgresql/05-revocation-facts.sql</c>): one row per fact, keyed by shard, kind and key, merged in place
/// by <c>INSERT … ON CONFLICT DO UPDATE</c>. A write touches only the rows of the facts it carries, so its cost does
/// not depend on how many facts the shard holds; expired rows go by a range delete on <c>(shard, keep_until)</c>.
/// The same SQL runs on SQLite and PostgreSQL but for the name of the two-argument maximum.
/// </summary>
/// <param name="dataSource">The backend's connections.</param>
/// <param name="greatest">The backend's two-argument maximum.</param>
/// <param name="rowsPerStatement">Rows per <c>INSERT</c>: SQLite runs in-process and binds parameters by a linear
/// search of their names, so one prepared single-row statement is fastest there; PostgreSQL pays a round trip
/// per statement, so it gets many rows per statement (4 parameters each, far below its limit).</param>
/// <param name="turns">SQLite's: the writes run in one line with the grain storage's (<see cref="WriteTurns"/>);
/// PostgreSQL's writers do not wait for one another's, so none.</param>
public sealed class RevocationFactTable(DbDataSource dataSource, string greatest, int rowsPerStatement, WriteTurns? turns) : IRevocationFactStore
{
    /// <summary>For SQLite, whose two-argument <c>max</c> is PostgreSQL's <c>GREATEST</c>.</summary>
    public static RevocationFactTable Sqlite(SqliteDataSource dataSource) => new(dataSource, "max", 1, dataSource.Writes);

    /// <summary>For PostgreSQL.</summary>
    public static RevocationFactTable Postgres(DbDataSource dataSource) => new(dataSource, "GREATEST", 500, null);

    public Task Upsert(long shard, IReadOnlyCollection<RevocationFact> facts, CancellationToken cancellationToken = default) =>
        facts.Count == 0 ? Task.CompletedTask : InTurn(() => Write(shard, facts, cancellationToken), cancellationToken);

    private async Task Write(long shard, IReadOnlyCollection<RevocationFact> facts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DbCommand? command = null;
        try
        {
            foreach (var chunk in facts.Chunk(rowsPerStatement))
            {
                // One command per size, its parameters rebound for each chunk: SQLite keeps the statement prepared.
                if (command is null || command.Parameters.Count != 1 + (4 * chunk.Length))
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = UpsertSql(chunk.Length);
                    Add(command, "shard", (int)shard);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        Add(command, "k" + i, 0);
                        Add(command, "n" + i, "");
                        Add(command, "t" + i, 0L);
                        Add(command, "u" + i, 0L);
                    }
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Parameters[1 + (4 * i)].Value = (int)chunk[i].Kind;
                    command.Parameters[2 + (4 * i)].Value = chunk[i].Key;
                    command.Parameters[3 + (4 * i)].Value = chunk[i].Threshold;
                    command.Parameters[4 + (4 * i)].Value = chunk[i].KeepUntil.UtcTicks;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RevocationFact>> ReadLive(long shard, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, fact_key, threshold, keep_until FROM revocation_facts WHERE shard = @shard AND keep_until > @now";
        Add(command, "shard", (int)shard);
        Add(command, "now", now.UtcTicks);
        var facts = new List<RevocationFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new RevocationFact(
                (RevocationKind)reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        }

        return facts;
    }

    public Task<int> DropExpired(long shard, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTurn(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM revocation_facts WHERE shard = @shard AND keep_until <= @now";
            Add(command, "shard", (int)shard);
            Add(command, "now", now.UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>A write, run by the writer of the process's line where there is one, else right here.</summary>
    private Task InTurn(Func<Task> write, CancellationToken cancellationToken) =>
        turns is null ? write() : turns.Run(write, cancellationToken);

    /// <summary>A write with a result, run as <see cref="InTurn(Func{Task}, CancellationToken)"/> runs one.</summary>
    private Task<T> InTurn<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        turns is null ? write() : turns.Run(write, cancellationToken);

    private string UpsertSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO revocation_facts (shard, kind, fact_key, threshold, keep_until) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append($"(@shard, @k{i}, @n{i}, @t{i}, @u{i})");
        }

        // A batch holds one fact per key (the ledger merges before it writes), which PostgreSQL requires of one statement.
        return sql.Append(" ON CONFLICT (shard, kind, fact_key) DO UPDATE SET ")
            .Append($"threshold = {greatest}(revocation_facts.threshold, excluded.threshold), ")
            .Append($"keep_until = {greatest}(revocation_facts.keep_until, excluded.keep_until)")
            .ToString();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
