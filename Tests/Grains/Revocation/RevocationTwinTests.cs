using System.Diagnostics;
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
/// reaches the first one's readers through its sweep, which re-reads the stored rows only while such a twin can
/// exist: in an activation's first <see cref="RevocationLedgerOptions.TwinWindow"/>, and for as long after it sees the
/// membership change. In steady state a sweep reads no rows. Real clock, real silos joining, the windows shortened.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationTwinTests(ITestOutputHelper output)
{
    private const string DirectoryKey = "OroOrleansTests:TwinDataDirectory";
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task TheSweepReadsATwinsRows_InAnActivationsFirstMinutes_AndAfterAMembershipChange_NotInSteadyState()
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-twins-").FullName;
        TestCluster? cluster = null;
        try
        {
            cluster = await OneSiloCluster.Start<Configurator>("twins-", new Dictionary<string, string> { [DirectoryKey] = directory });
            var twin = RevocationFactTable.Sqlite(new SqliteDataSource(SqliteStore.Prepare(directory)));
            var keys = LedgerKeys.OfOneShard(6);
            var shardId = IRevocationLedgerGrain.ShardOf(keys[0]);
            var shard = cluster.GrainFactory.GetGrain<IRevocationLedgerGrain>(shardId);
            var until = DateTimeOffset.UtcNow.AddHours(1);

            // A new activation: its sweeps re-read the rows, so a row written behind its back reaches the reader.
            var activated = Stopwatch.StartNew();
            await shard.Record(Fact(keys[0], until));
            var start = await shard.ReadSince(default);
            await twin.Upsert(shardId, [Fact(keys[1], until)]);
            await Task.Delay(Sweep + TimeSpan.FromMilliseconds(100));
            await shard.Record(Fact(keys[2], until)); // a write; the sweep follows it once the interval passed
            var young = await shard.ReadSince(start.Cursor);
            output.WriteLine($"{activated.Elapsed.TotalSeconds:F1} s after activation: {Keys(young)}");
            Assert.True(activated.Elapsed < Window, "the machine stalled past the window; the first claim was not tested");
            Assert.False(young.Whole);
            Assert.Equal(new[] { keys[1], keys[2] }.Order(), young.Facts.Select(f => f.Key).Order());

            // Steady state: past the window, the membership unchanged, a sweep reads no rows.
            await Task.Delay(Window - activated.Elapsed + Sweep);
            await shard.Record(Fact(keys[3], until));
            await twin.Upsert(shardId, [Fact(keys[4], until)]);
            await Task.Delay(Sweep + TimeSpan.FromMilliseconds(100));
            await shard.Record(Fact(keys[5], until));
            var steady = await shard.ReadSince(young.Cursor);
            output.WriteLine($"{activated.Elapsed.TotalSeconds:F1} s after activation, membership unchanged: {Keys(steady)}");
            Assert.False(steady.Whole);
            Assert.Equal(new[] { keys[3], keys[5] }.Order(), steady.Facts.Select(f => f.Key).Order());

            // A silo joins: the shard's next sweeps re-read the rows, and the twin's fact reaches the reader as a
            // change. No write follows: the sweep's timer runs it on a shard that takes none.
            var joined = await cluster.StartAdditionalSiloAsync();
            var sinceJoin = Stopwatch.StartNew();
            RevocationRead after;
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                after = await shard.ReadSince(steady.Cursor);
            }
            while (!after.Facts.Any(f => f.Key == keys[4]) && sinceJoin.Elapsed < TimeSpan.FromSeconds(30));

            output.WriteLine($"{sinceJoin.Elapsed.TotalSeconds:F1} s after a silo joined, no write since: {Keys(after)}");
            await cluster.StopSiloAsync(joined);
            Assert.False(after.Whole);
            Assert.Equal(keys[4], Assert.Single(after.Facts).Key);
        }
        finally
        {
            await OneSiloCluster.Stop(cluster, directory);
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
