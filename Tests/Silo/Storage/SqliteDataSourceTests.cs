using Microsoft.Data.Sqlite;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// The connections the embedded store hands the Orleans provider carry our settings (<see cref="SqliteDataSource"/>),
/// set once per SQLite handle: a pooled connection opened again keeps them without running them again.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class SqliteDataSourceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-datasource-").FullName;
    private readonly SqliteDataSource dataSource;

    public SqliteDataSourceTests() => dataSource = new SqliteDataSource(SqliteStore.Prepare(directory));

    public void Dispose()
    {
        dataSource.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(dataSource.ConnectionString));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void EveryConnection_HasTheSettings_WhetherItsHandleIsNewOrReused()
    {
        SQLitePCL.sqlite3 first;
        using (var connection = (SqliteConnection)dataSource.OpenConnection())
        {
            first = connection.Handle!;
            AssertSettings(connection);
        }

        using (var connection = (SqliteConnection)dataSource.OpenConnection())
        {
            Assert.Same(first, connection.Handle); // the pool's handle, not a new one
            AssertSettings(connection);
        }

        SqliteConnection.ClearPool(new SqliteConnection(dataSource.ConnectionString));
        using (var connection = (SqliteConnection)dataSource.OpenConnection())
        {
            Assert.NotSame(first, connection.Handle);
            AssertSettings(connection);
        }
    }

    [Fact]
    public void AReusedHandle_IsNotSetAgain()
    {
        using (var connection = (SqliteConnection)dataSource.OpenConnection())
        {
            Execute(connection, "PRAGMA busy_timeout=1234;"); // stands for a setting that only a second run would undo
        }

        using (var connection = (SqliteConnection)dataSource.OpenConnection())
        {
            Assert.Equal(1234L, Read(connection, "busy_timeout"));
        }
    }

    private static void AssertSettings(SqliteConnection connection)
    {
        Assert.Equal(1L, Read(connection, "synchronous")); // NORMAL
        Assert.Equal(30_000L, Read(connection, "busy_timeout"));
        Assert.Equal((long)SqliteDataSource.BackstopPages, Read(connection, "wal_autocheckpoint"));
        Assert.Equal("wal", Read(connection, "journal_mode"));
    }

    private static object? Read(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
