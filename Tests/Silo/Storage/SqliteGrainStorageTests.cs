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

    [Fact]
    public async Task LegacyJsonRow_Loads_AndTheNextWriteStoresTheCurrentFormat()
    {
        var serviceId = NewServiceId();
        var key = $"legacy-{Guid.NewGuid():N}";
        await using (var legacy = Build(serviceId, typeof(LegacyJsonSqliteSiloConfigurator)))
        {
            await legacy.DeployAsync();
            await legacy.Client.GetGrain<IStorageProbeGrain>(key).Set("old", 3, ["a"]);
            await legacy.StopAllSilosAsync();
        }

        Assert.StartsWith("{\"$id\"", System.Text.Encoding.UTF8.GetString(StoredPayload(serviceId)), StringComparison.Ordinal);

        await using var current = Build(serviceId, typeof(SqliteStorageSiloConfigurator));
        await current.DeployAsync();
        var grain = current.Client.GetGrain<IStorageProbeGrain>(key);
        var read = await grain.Get();
        Assert.Equal(("old", 3, true), (read.Text, read.Number, read.RecordExists));
        Assert.Equal(["a"], read.Items);

        await grain.Set("new", 4, ["a", "b"]);
        Assert.True(StoredPayload(serviceId).AsSpan().StartsWith(OroOrleans.Silo.Storage.GrainStateSerializer.Header));
        var reread = await grain.Reload();
        Assert.Equal(("new", 4, true), (reread.Text, reread.Number, reread.RecordExists));
    }

    private TestCluster Build(string serviceId, Type configurator)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-cluster";
        builder.Properties[StorageTestKeys.SqliteDirectory] = _directory;
        builder.Options.SiloBuilderConfiguratorTypes.Add(configurator.AssemblyQualifiedName!);
        return builder.Build();
    }

    private byte[] StoredPayload(string serviceId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(OroOrleans.Silo.Storage.SqliteStore.Prepare(_directory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = $serviceId";
        command.Parameters.AddWithValue("$serviceId", serviceId);
        return (byte[])command.ExecuteScalar()!;
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
