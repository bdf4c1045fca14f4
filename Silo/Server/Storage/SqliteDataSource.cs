using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// Hands the Orleans ADO.NET provider SQLite connections with our per-connection settings, which SQLite does
/// not keep in the database file and Microsoft.Data.Sqlite's connection string cannot carry:
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c>: in WAL mode a commit is still durable across a crash or kill of the process
/// (the WAL is in the OS's hands at commit); only a power loss or kernel crash can lose the last transactions.
/// <c>FULL</c> (the default) fsyncs every commit, which caps this disk at about 200 commits/s.</item>
/// <item><c>busy_timeout</c>: a writer that meets another writer's lock waits inside SQLite, which retries within
/// milliseconds, instead of returning SQLITE_BUSY to Microsoft.Data.Sqlite, which sleeps 150 ms per retry.</item>
/// <item><c>wal_autocheckpoint</c>: <see cref="BackstopPages"/>, so that checkpoints run on the
/// <see cref="SqliteCheckpointer"/>'s thread, not in a writer's commit.</item>
/// </list>
/// They are set once per SQLite connection handle: Microsoft.Data.Sqlite's pool hands the same handle out again, with
/// its settings, and the Orleans provider opens a pooled connection for every read and write, so running them on every
/// open was three more statements parsed and run per read or write (six of the eleven a refresh prepared).
/// </summary>
public sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    /// <summary>
    /// The log size, in pages, at which a writer checkpoints itself: 40 MB, ten times SQLite's default. The
    /// <see cref="SqliteCheckpointer"/> keeps the log far below it; should it fall behind, writers take over.
    /// </summary>
    public const int BackstopPages = 10_000;

    private static readonly string ConnectionSettings =
        $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint={BackstopPages};";

    public override string ConnectionString => connectionString;

    /// <summary>
    /// The line, and the thread, every write of this process into this database goes through (<see cref="WriteTurns"/>).
    /// </summary>
    public WriteTurns Writes { get; } = new();

    // The handles already set, held weakly: a handle the pool closes and drops leaves the table with it.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = [];
    private static readonly object Set = new();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Writes.Dispose();
        }

        base.Dispose(disposing);
    }

    // DbDataSource.DisposeAsync ends in Dispose(false): the writer thread is let go here.
    protected override ValueTask DisposeAsyncCore()
    {
        Writes.Dispose();
        return base.DisposeAsyncCore();
    }

    protected override DbConnection CreateDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += Configure;
        return connection;
    }

    private void Configure(object? sender, StateChangeEventArgs e)
    {
        var connection = (SqliteConnection)sender!;
        if (e.CurrentState != ConnectionState.Open || connection.Handle is not { } handle || configured.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = ConnectionSettings;
            command.ExecuteNonQuery();
        }

        // Only once they are set: a handle whose settings failed is set again at its next open.
        configured.AddOrUpdate(handle, Set);
    }
}
