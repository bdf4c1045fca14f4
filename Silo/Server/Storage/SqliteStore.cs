using Microsoft.Data.Sqlite;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The embedded durable store of standalone mode (§9.1): one SQLite database in WAL mode holding
/// Orleans' ADO.NET grain storage.
/// </summary>
public static class SqliteStore
{
    /// <summary>
    /// The ADO.NET invariant for SQLite in Orleans 10.4.2. Orleans maps this name to
    /// <c>Microsoft.Data.Sqlite.SqliteFactory</c> (there is no "Microsoft.Data.Sqlite" invariant).
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>The database file created in the data directory.</summary>
    public const string DatabaseFileName = "oroorleans.db";

    /// <summary>
    /// How long a statement waits for another writer's lock before failing with SQLITE_BUSY, in seconds.
    /// Microsoft.Data.Sqlite retries busy statements until the command timeout runs out, and
    /// "Default Timeout" sets that timeout for every command on the connection, including the ones the
    /// Orleans provider creates (it never sets a timeout of its own).
    /// </summary>
    public const int BusyTimeoutSeconds = 30;

    /// <summary>
    /// Creates <paramref name="dataDirectory"/> and the database if needed, switches it to WAL, applies
    /// <c>db/sqlite/persistence.sql</c> and <c>revocation-facts.sql</c> (idempotent) and returns the connection string to give the provider.
    /// </summary>
    /// <param name="dataDirectory">The directory for <see cref="DatabaseFileName"/>; relative paths are
    /// resolved against the current directory.</param>
    public static string Prepare(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        OwnerOnly(Path.Combine(directory, DatabaseFileName));

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, DatabaseFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();

        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        // WAL is stored in the database file, so every later connection uses it: readers no longer block
        // the writer, and a commit is one append instead of a rollback-journal round trip.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, DbScripts.ReadAll("sqlite", "persistence.sql"));
        Execute(connection, DbScripts.ReadAll("sqlite", "revocation-facts.sql"));
        return connectionString;
    }

    /// <summary>
    /// The database holds every user's hash and the (sealed) keys: owner read/write only (0600). SQLite gives its
    /// -wal and -shm files the database file's permissions, so creating the database file first is enough; files of
    /// an older version are narrowed too.
    /// </summary>
    private static void OwnerOnly(string databaseFile)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(databaseFile))
        {
            using var created = new FileStream(databaseFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
            return;
        }

        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != mode)
            {
                File.SetUnixFileMode(file, mode);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
