using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;
using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// The embedded store's writes run one at a time on one thread (<see cref="WriteTurns"/>) and its log is
/// checkpointed off the write path (<see cref="SqliteCheckpointer"/>), on a real silo with the "main" storage on
/// SQLite, as in standalone mode.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
public sealed class SqliteWriteTurnsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oroorleans-tests", Guid.NewGuid().ToString("N"));
    private TestCluster _cluster = null!;

    private SqliteDataSource DataSource =>
        ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<SqliteDataSource>("main");

    public async Task InitializeAsync() =>
        _cluster = await OneSiloCluster.Start<SqliteStorageSiloConfigurator>(
            "turns-", new Dictionary<string, string> { [StorageTestKeys.SqliteDirectory] = _directory });

    public Task DisposeAsync() => OneSiloCluster.Stop(_cluster, _directory);

    [Fact]
    public async Task AGrainWrite_WaitsForTheWriteBeforeIt_WhileAGrainReadGoesThrough()
    {
        var writer = _cluster.Client.GetGrain<IStorageProbeGrain>("writer");
        await writer.Get();

        // A write that holds the writer thread until released.
        using var release = new ManualResetEventSlim();
        var holding = DataSource.Writes.Run(() => release.Wait(TimeSpan.FromSeconds(30)));
        Task write;
        try
        {
            write = writer.Set("after the write before it", 7, ["a"]);
            Assert.NotSame(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(500))));

            // Activating another grain reads its state: reads do not wait for the writer.
            var read = await _cluster.Client.GetGrain<IStorageProbeGrain>("reader").Get().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(read.RecordExists);
            Assert.False(write.IsCompleted);
        }
        finally
        {
            release.Set();
        }

        Assert.True(await holding, "the held write was released, not timed out");
        await write.WaitAsync(TimeSpan.FromSeconds(10));
        var stored = await writer.Reload();
        Assert.Equal(("after the write before it", 7, true), (stored.Text, stored.Number, stored.RecordExists));
    }

    [Fact]
    public async Task AFailedWrite_FailsOnlyItsCaller_AndTheWriterGoesOn()
    {
        var failed = DataSource.Writes.Run(new Func<int>(() => throw new InvalidOperationException("a write that fails")));
        var next = DataSource.Writes.Run(() => 42);
        Assert.Equal("a write that fails", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Equal(42, await next);

        var writer = _cluster.Client.GetGrain<IStorageProbeGrain>("after-a-failure");
        await writer.Set("written", 1, []);
        Assert.Equal("written", (await writer.Reload()).Text);
    }

    [Fact]
    public async Task TheLog_StaysFarBelowTheBackstop_UnderSustainedWrites()
    {
        // Every write appends at least two pages (the row's and the expiry index's): 10,000 writes append over 80 MB.
        // Without the checkpointer the log is only copied back at the backstop, 41 MB (measured: 41.2 MB). With it, the
        // log holds what is written in about one interval: 11 MB at 3,700 writes/s here.
        const int Grains = 32, WritesEach = 320;
        var wal = Path.Combine(_directory, SqliteStore.DatabaseFileName + "-wal");
        long largest = 0;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                largest = Math.Max(largest, File.Exists(wal) ? new FileInfo(wal).Length : 0);
                await Task.Delay(10);
            }
        });

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Grains).Select(async g =>
        {
            var grain = _cluster.Client.GetGrain<IStorageProbeGrain>($"sustained-{g}");
            for (var i = 0; i < WritesEach; i++)
            {
                await grain.Set(new string('x', 200), i, []);
            }
        }));
        await done.CancelAsync();
        await sampler;

        var backstop = (SqliteDataSource.BackstopPages * 4096L) + 32;
        output.WriteLine($"{Grains * WritesEach} writes in {clock.Elapsed.TotalSeconds:F1} s; the log's largest size {largest / 1e6:F1} MB (backstop {backstop / 1e6:F1} MB)");
        Assert.True(largest > 0, "the log was never written");
        Assert.True(largest < backstop * 3 / 4, $"the log reached {largest / 1e6:F1} MB");
        Assert.Equal(WritesEach - 1, (await _cluster.Client.GetGrain<IStorageProbeGrain>("sustained-0").Reload()).Number);
    }
}
