using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file (a SQLite checkpoint) off the write path. SQLite's own
/// automatic checkpoint runs inside the commit that takes the log past 1,000 pages, so it ran in that writer's place in
/// the line (<see cref="WriteTurns"/>) and every writer behind it waited for its page copies and two fsyncs: a refresh
/// appends about 18 KB to the log, so at 880 refreshes/s that was a checkpoint every quarter second, and 0.5–3.6 % of
/// the refreshes took over 10 ms in the server, against 0.2 % with no checkpoint at all (docs/performance.md, row 8).
/// Here, every <see cref="Interval"/> on a thread and a connection of its own, a PASSIVE checkpoint (it waits for no
/// reader and no writer) copies the log while writers go on; then, queued on the writer thread like any write, a second
/// one copies the few pages written meanwhile. Only a log copied to its end is started over by the next writer: with
/// writers appending during every copy, the first pass alone never reaches the end, and the log grew to the backstop
/// (41 MB) in the bench. The connections' own automatic checkpoint stays as that backstop, at <see
/// cref="SqliteDataSource.BackstopPages"/>, should this fall behind.
/// </summary>
public sealed partial class SqliteCheckpointer(SqliteDataSource dataSource, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the log is copied back: at 1,000 refreshes/s, about 4 MB of log a time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // A thread of its own: a checkpoint blocks in fsync, and the thread pool of a two-core machine has two threads.
    // An exception that is not SQLite's (those are retried) faults the task: the host's handling of a failed service.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "SQLite checkpoints";
        // From the data source, so its handle has the same settings as every other (busy_timeout among them).
        using var connection = dataSource.CreateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        var failing = false;
        while (!stoppingToken.WaitHandle.WaitOne(Interval))
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }

                command.ExecuteNonQuery();
                dataSource.Writes.Run(command.ExecuteNonQuery, stoppingToken).GetAwaiter().GetResult();

                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException e)
            {
                // Once per run of failures: the backstop keeps the log bounded meanwhile.
                if (!failing)
                {
                    LogFailed(logger, e.SqliteErrorCode, e.Message, Interval.TotalMilliseconds);
                }

                failing = true;
                connection.Close();
            }
        }
    }

    [LoggerMessage(LogEvents.SqliteCheckpointerFailed, LogLevel.Warning, "A SQLite checkpoint failed (error {Code}: {Message}); retrying every {IntervalMs} ms, and writers checkpoint themselves once the log reaches its limit")]
    private static partial void LogFailed(ILogger logger, int code, string message, double intervalMs);
}
