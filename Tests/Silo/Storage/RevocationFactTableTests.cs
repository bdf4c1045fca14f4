using Microsoft.Data.Sqlite;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// The ledger's fact table on SQLite (standalone mode): one row per fact, so a write costs the same in a shard of
/// ten facts and of thirty thousand, and expired rows are deleted.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class RevocationFactTableTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<string> directories = [];

    [Fact]
    public async Task StoringAFact_WritesAsManyBytes_InAShardOfTenAsInAShardOfThirtyThousand()
    {
        var small = await WalBytesPerFact(10);
        var large = await WalBytesPerFact(30_000);

        output.WriteLine($"bytes written to the WAL per stored fact (one fact per transaction): shard of 10: {small:N0}; shard of 30,000: {large:N0}");
        output.WriteLine($"(storing the whole shard, as before, wrote ≈ {30_000 * 60:N0} bytes per write at 30,000 facts)");
        // Both are a few pages per transaction (the row's leaf page and the expiry index's), whatever the shard holds.
        Assert.InRange(large, 1, 2.5 * small);
        Assert.InRange(large, 1, 32 * 1024);
    }

    [Fact]
    public async Task DropExpired_DeletesTheExpiredRowsOfItsShard_AndNothingElse()
    {
        var (table, connectionString) = NewTable();
        var now = DateTimeOffset.UtcNow;
        await table.Upsert(3, [Fact("expired", now.AddSeconds(-1)), Fact("live", now.AddMinutes(5))]);
        await table.Upsert(4, [Fact("other-shard", now.AddSeconds(-1))]);

        Assert.Equal(1, await table.DropExpired(3, now));

        Assert.Equal(["live"], (await table.ReadLive(3, now)).Select(f => f.Key));
        Assert.Equal(2, Rows(connectionString));
    }

    [Fact]
    public async Task Upsert_MergesIntoTheRowOfItsKey()
    {
        var (table, connectionString) = NewTable();
        var now = DateTimeOffset.UtcNow;
        await table.Upsert(1, [Fact("fam", now.AddMinutes(10), threshold: 5)]);
        await table.Upsert(1, [Fact("fam", now.AddMinutes(20), threshold: 3)]);

        var held = Assert.Single(await table.ReadLive(1, now));
        Assert.Equal(Fact("fam", now.AddMinutes(20), threshold: 5), held);
        Assert.Equal(1, Rows(connectionString));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var directory in directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Fills one shard with <paramref name="held"/> facts, then stores 100 more one at a time and measures the WAL.</summary>
    private async Task<double> WalBytesPerFact(int held)
    {
        var (table, connectionString) = NewTable();
        var keepUntil = DateTimeOffset.UtcNow.AddHours(1);
        await table.Upsert(0, [.. Enumerable.Range(0, held).Select(_ => Fact(Guid.NewGuid().ToString("N"), keepUntil))]);

        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        var wal = connectionString.Split(';').Single(p => p.StartsWith("Data Source=", StringComparison.Ordinal))["Data Source=".Length..] + "-wal";
        Assert.Equal(0, new FileInfo(wal).Length);
        // 100 transactions of a few pages stay below SQLite's automatic checkpoint (1,000 pages), which would reuse the file.
        const int Stored = 100;
        for (var i = 0; i < Stored; i++)
        {
            await table.Upsert(0, [Fact(Guid.NewGuid().ToString("N"), keepUntil)]);
        }

        return (double)new FileInfo(wal).Length / Stored;
    }

    private (RevocationFactTable Table, string ConnectionString) NewTable()
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-facts-").FullName;
        directories.Add(directory);
        var connectionString = SqliteStore.Prepare(directory);
        return (RevocationFactTable.Sqlite(new SqliteDataSource(connectionString)), connectionString);
    }

    private static long Rows(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM revocation_facts";
        return (long)count.ExecuteScalar()!;
    }

    private static RevocationFact Fact(string key, DateTimeOffset keepUntil, long threshold = 1) =>
        new(RevocationKind.Family, key, threshold, keepUntil);
}
