using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Revocation;

/// <summary>
/// A fact that a second activation of a ledger shard wrote (two can run for a while around a membership change)
/// reaches the first one's readers through its timer, which re-reads the stored rows only while such a twin can
/// write: for <see cref="RevocationLedgerOptions.TwinWindow"/> after the activation's start or after it sees the
/// membership change, and after that until one re-read succeeds. In steady state no tick reads the rows. Real
/// clock, real silos joining, a real database failing the reads, the windows shortened.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationTwinTests(ITestOutputHelper output)
{
    private const string DirectoryKey = "OroOrleansTests:TwinDataDirectory";
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AShardReReadsATwinsRows_InItsFirstWindow_AndAfterAMembershipChange_NotInSteadyState()
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-twins-").FullName;
        TestCluster? cluster = null;
        try
        {
            cluster = await OneSiloCluster.Start<Configurator>("twins-", new Dictionary<string, string> { [DirectoryKey] = directory });
            var twin = RevocationFactTable.Sqlite(new SqliteDataSource(SqliteStore.Prepare(directory)));
            var keys = LedgerKeys.OfOneShard(5);
            var shardId = IRevocationLedgerGrain.ShardOf(keys[0]);
            var shard = cluster.GrainFactory.GetGrain<IRevocationLedgerGrain>(shardId);
            var until = DateTimeOffset.UtcNow.AddHours(1);

            // A new activation: its timer re-reads the rows, so a row written behind its back reaches the reader.
            // The activation is no older than beforeActivation and no younger than afterActivation says.
            var beforeActivation = Stopwatch.StartNew();
            await shard.Record(Fact(keys[0], until));
            var afterActivation = Stopwatch.StartNew();
            var start = await shard.ReadSince(default);
            await twin.Upsert(shardId, [Fact(keys[1], until)]);
            var young = await Until(shard, start.Cursor, keys[1], Window);
            output.WriteLine($"{beforeActivation.Elapsed.TotalSeconds:F1} s after activation: {Keys(young)}");
            Assert.True(beforeActivation.Elapsed < Window, "the machine stalled past the window; the first claim was not tested");
            Assert.False(young.Whole);
            Assert.Equal(keys[1], Assert.Single(young.Facts).Key);

            // Steady state: past the window (and the one re-read after it), the membership unchanged, no tick reads
            // the rows: one written behind the shard's back stays unread through three ticks and a write.
            var wait = Window + (4 * Sweep) - afterActivation.Elapsed;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            await shard.Record(Fact(keys[2], until));
            await twin.Upsert(shardId, [Fact(keys[3], until)]);
            await Task.Delay(3 * Sweep + TimeSpan.FromMilliseconds(500));
            await shard.Record(Fact(keys[4], until));
            var steady = await shard.ReadSince(young.Cursor);
            output.WriteLine($"{afterActivation.Elapsed.TotalSeconds:F1} s after activation, membership unchanged: {Keys(steady)}");
            Assert.False(steady.Whole);
            Assert.Equal(new[] { keys[2], keys[4] }.Order(), steady.Facts.Select(f => f.Key).Order());

            // A silo joins: the shard's next ticks re-read the rows, and the twin's fact reaches the reader as a change,
            // with no write.
            var joined = await cluster.StartAdditionalSiloAsync();
            var sinceJoin = Stopwatch.StartNew();
            var after = await Until(shard, steady.Cursor, keys[3], TimeSpan.FromSeconds(30));

            output.WriteLine($"{sinceJoin.Elapsed.TotalSeconds:F1} s after a silo joined, no write since: {Keys(after)}");
            await cluster.StopSiloAsync(joined);
            Assert.False(after.Whole);
            Assert.Equal(keys[3], Assert.Single(after.Facts).Key);
        }
        finally
        {
            await OneSiloCluster.Stop(cluster, directory);
        }
    }

    [Fact]
    public async Task ReReadsThatFailThroughTheWindowsEnd_GoOnUntilOneSucceeds_ThenStop()
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-twins-").FullName;
        TestCluster? cluster = null;
        try
        {
            cluster = await OneSiloCluster.Start<Configurator>("twins-", new Dictionary<string, string> { [DirectoryKey] = directory });
            var connectionString = SqliteStore.Prepare(directory);
            var twin = RevocationFactTable.Sqlite(new SqliteDataSource(connectionString));
            var keys = LedgerKeys.OfOneShard(3);
            var shardId = IRevocationLedgerGrain.ShardOf(keys[0]);
            var shard = cluster.GrainFactory.GetGrain<IRevocationLedgerGrain>(shardId);
            var until = DateTimeOffset.UtcNow.AddHours(1);

            // The database fails every read of the facts (their table is renamed away) from the activation until
            // well past the window: every re-read of the window, and three after it, fail.
            var sinceActivation = Stopwatch.StartNew();
            await shard.Record(Fact(keys[0], until));
            var start = await shard.ReadSince(default);
            await Sql(connectionString, "ALTER TABLE revocation_facts RENAME TO revocation_facts_away");
            Assert.True(sinceActivation.Elapsed < Window, "the machine stalled past the window before the reads failed; the claim was not tested");
            await Task.Delay(Sweep + Window + (3 * Sweep));

            // Back, with a twin's row already in the table (a tick cannot fall between the two): the next tick
            // re-reads, since no re-read that started after the window has succeeded yet.
            await Sql(
                connectionString,
                "INSERT INTO revocation_facts_away (shard, kind, fact_key, threshold, keep_until) "
                + $"VALUES ({shardId}, {(int)RevocationKind.Family}, '{keys[1]}', 2, {until.UtcTicks});"
                + " ALTER TABLE revocation_facts_away RENAME TO revocation_facts");
            var back = Stopwatch.StartNew();
            var recovered = await Until(shard, start.Cursor, keys[1], TimeSpan.FromSeconds(10));
            output.WriteLine($"{sinceActivation.Elapsed.TotalSeconds:F1} s after activation, {back.Elapsed.TotalSeconds:F1} s after the reads came back: {Keys(recovered)}");
            Assert.False(recovered.Whole);
            Assert.Equal(keys[1], Assert.Single(recovered.Facts).Key);

            // That re-read was the last: a row written behind the shard's back now stays unread through three ticks.
            await twin.Upsert(shardId, [Fact(keys[2], until)]);
            await Task.Delay(3 * Sweep + TimeSpan.FromMilliseconds(500));
            var steady = await shard.ReadSince(recovered.Cursor);
            output.WriteLine($"{sinceActivation.Elapsed.TotalSeconds:F1} s after activation: {Keys(steady)}");
            Assert.False(steady.Whole);
            Assert.Empty(steady.Facts);
        }
        finally
        {
            await OneSiloCluster.Stop(cluster, directory);
        }
    }

    private static async Task Sql(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads since <paramref name="cursor"/> every 200 ms until <paramref name="key"/> is among the facts read, or <paramref name="limit"/> passed.</summary>
    private static async Task<RevocationRead> Until(IRevocationLedgerGrain shard, RevocationCursor cursor, string key, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var read = await shard.ReadSince(cursor);
            if (read.Facts.Any(f => f.Key == key) || clock.Elapsed > limit)
            {
                return read;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static RevocationFact Fact(string key, DateTimeOffset until) => new(RevocationKind.Family, key, 2, until);

    private static string Keys(RevocationRead read) =>
        (read.Whole ? "whole: " : "changes: ") + string.Join(", ", read.Facts.Select(f => f.Key[..6] + "…"));

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddOroSqliteGrainStorage(StorageNames.Main, silo.Configuration.GetValue<string>(DirectoryKey)!);
            silo.UseInMemoryReminderService();
            silo.Services.AddOroGrainServices();
            silo.Services.Configure<RevocationLedgerOptions>(options =>
            {
                options.SweepInterval = Sweep;
                options.TwinWindow = Window;
            });
        }
    }
}
