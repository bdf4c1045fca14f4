using Orleans.Storage;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// What any backend of the "main" grain storage must do, run against a real test cluster. Each test gets
/// its own ServiceId (state is keyed by it), ClusterId and grain keys, so tests never see each other's data.
/// </summary>
public abstract class GrainStorageTests(ITestOutputHelper output)
{
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>
    /// A cluster builder for this backend with the given ids. A backend that is not available skips the test
    /// outside CI and fails it under CI.
    /// </summary>
    protected abstract Task<TestClusterBuilder> CreateBuilderAsync(string serviceId);

    [SkippableFact]
    public async Task Write_ThenDeactivate_FreshActivationReadsSameValues()
    {
        await using var cluster = await StartAsync(NewServiceId());

        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(NewKey());
        await grain.Set("hello", 42, ["a", "b"]);
        var before = await grain.Get();
        await grain.Deactivate();

        var after = await WaitForNewActivationAsync(grain, before.ActivationId);
        Assert.Equal(("hello", 42, true), (after.Text, after.Number, after.RecordExists));
        Assert.Equal(["a", "b"], after.Items);
    }

    [SkippableFact]
    public async Task Write_SurvivesClusterRestart()
    {
        var serviceId = NewServiceId();
        var key = NewKey();
        await using (var first = await StartAsync(serviceId))
        {
            await first.Client.GetGrain<IStorageProbeGrain>(key).Set("durable", 7, ["x"]);
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(serviceId);
        var read = await second.Client.GetGrain<IStorageProbeGrain>(key).Get();
        Assert.Equal(("durable", 7, true), (read.Text, read.Number, read.RecordExists));
        Assert.Equal(["x"], read.Items);
    }

    [SkippableFact]
    public async Task IntegerKey_WithoutExtension_RoundTrips()
    {
        await using var cluster = await StartAsync(NewServiceId());

        var grain = cluster.Client.GetGrain<IIntegerStorageProbeGrain>(Random.Shared.NextInt64());
        await grain.Set("int", 5);
        await grain.Set("int again", 6);
        var before = await grain.Get();
        await grain.Deactivate();

        for (var i = 0; i < 100; i++)
        {
            var after = await grain.Get();
            if (after.ActivationId != before.ActivationId)
            {
                Assert.Equal(("int again", 6, true), (after.Text, after.Number, after.RecordExists));
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The grain was not deactivated.");
    }

    [SkippableFact]
    public async Task Clear_RemovesState_AndLaterWritesStillWork()
    {
        await using var cluster = await StartAsync(NewServiceId());

        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(NewKey());
        await grain.Set("doomed", 1, ["gone"]);
        await grain.Clear();

        var cleared = await grain.Reload();
        Assert.Equal((null, 0, false), (cleared.Text, cleared.Number, cleared.RecordExists));
        Assert.Empty(cleared.Items);

        await grain.Deactivate();
        var fresh = await WaitForNewActivationAsync(grain, cleared.ActivationId);
        Assert.Equal((null, 0, false), (fresh.Text, fresh.Number, fresh.RecordExists));

        // A cleared state keeps its version, so writing again continues from it.
        await grain.Set("reborn", 2, []);
        await grain.Clear();
        await grain.Set("reborn twice", 3, []);
        var reread = await grain.Reload();
        Assert.Equal(("reborn twice", 3, true), (reread.Text, reread.Number, reread.RecordExists));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteWithStaleETag_ThrowsInconsistentStateException(bool bothWritersFirstEver)
    {
        await using var cluster = await StartAsync(NewServiceId());

        var grain = cluster.Client.GetGrain<IStorageProbeGrain>(NewKey());
        if (!bothWritersFirstEver)
        {
            await grain.Set("mine", 1, []);
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.WriteAfterOtherWriter(bothWritersFirstEver));

        // The other writer's state won, and re-reading brings it back.
        var reread = await grain.Reload();
        Assert.Equal("other writer", reread.Text);
    }

    [SkippableFact]
    public async Task ManyGrains_WritingAtOnce_AllSucceed()
    {
        await using var cluster = await StartAsync(NewServiceId());

        // Many activations write at the same moment: SQLite serialises writers, so each must wait for
        // the lock (busy timeout) rather than fail with SQLITE_BUSY.
        var grains = Enumerable.Range(0, 40).Select(_ => cluster.Client.GetGrain<IStorageProbeGrain>(NewKey())).ToList();
        for (var round = 1; round <= 5; round++)
        {
            var number = round;
            await Task.WhenAll(grains.Select(grain => grain.Set("concurrent", number, [])));
        }

        var reads = await Task.WhenAll(grains.Select(grain => grain.Reload()));
        Assert.All(reads, read => Assert.Equal(("concurrent", 5, true), (read.Text, read.Number, read.RecordExists)));
    }

    protected static string NewServiceId() => $"oro-test-{Guid.NewGuid():N}";

    private static string NewKey() => $"probe-{Guid.NewGuid():N}";

    private async Task<TestCluster> StartAsync(string serviceId)
    {
        var builder = await CreateBuilderAsync(serviceId);

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task<StorageProbeSnapshot> WaitForNewActivationAsync(IStorageProbeGrain grain, Guid oldActivation)
    {
        for (var i = 0; i < 100; i++)
        {
            var snapshot = await grain.Get();
            if (snapshot.ActivationId != oldActivation) return snapshot;
            await Task.Delay(50);
        }

        throw new TimeoutException("The grain was not deactivated.");
    }
}
