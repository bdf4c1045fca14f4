using Orleans.TestingHost;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>The grain storage contract on the embedded SQLite store of standalone mode.</summary>
[Trait("Category", TestCategories.Cluster)]
public sealed class SqliteGrainStorageTests(ITestOutputHelper output) : GrainStorageTests(output), IDisposable
{
    // One database for the class, like one standalone node's data directory; tests differ by ServiceId.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oroorleans-tests", Guid.NewGuid().ToString("N"));

    protected override Task<TestClusterBuilder> CreateBuilderAsync(string serviceId)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-cluster";
        builder.Properties[StorageTestKeys.SqliteDirectory] = _directory;
        builder.AddSiloBuilderConfigurator<SqliteStorageSiloConfigurator>();
        return Task.FromResult(builder);
    }

    [Fact]
    public void Prepare_IsIdempotent_AndTurnsOnWal()
    {
        var directory = Path.Combine(_directory, "prepare");
        var first = OroOrleans.Silo.Storage.SqliteStore.Prepare(directory);
        var second = OroOrleans.Silo.Storage.SqliteStore.Prepare(directory);

        Assert.Equal(first, second);
        Assert.Contains("Default Timeout=30", first, StringComparison.Ordinal);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(first);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT count(*) FROM OrleansQuery";
        Assert.Equal(4L, command.ExecuteScalar());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A silo still shutting down may hold a file for a moment; the temp directory is disposable.
        }
    }
}
