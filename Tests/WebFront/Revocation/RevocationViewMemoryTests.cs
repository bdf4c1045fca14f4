using Microsoft.Extensions.Time.Testing;
using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Revocation;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Revocation;

/// <summary>
/// The memory a front end spends per revocation fact (docs/revocation.md). Measured with the process-wide heap
/// size, so it runs in a collection of its own that xunit runs alone, after the parallel ones: another test
/// allocating at the same time would move the number.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
[Trait("Category", TestCategories.Unit)]
public sealed class RevocationViewMemoryTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FamilyFact_CostsAboutTwoHundredBytes()
    {
        const int count = 200_000;
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        // The heap is process-wide: a background thread (an Orleans timer, a finalizer) can move one sample. The
        // median of three rounds is the measurement.
        var samples = Enumerable.Range(0, 3).Select(_ => RetainedBytes(keys)).Order().ToArray();
        // The key strings existed before (they arrive from the wire in real life): add their size.
        var keyBytes = 20 + 2 * 32 + 6;
        var perFact = (double)samples[1] / count + keyBytes;
        output.WriteLine($"{count} family facts: {samples[1] / 1024.0 / 1024.0:F1} MiB without keys (rounds: {string.Join(", ", samples)} bytes), ~{perFact:F0} bytes per fact with its key string");
        Assert.InRange(perFact, 50, 400);
        GC.KeepAlive(keys);
    }

    private static long RetainedBytes(string[] keys)
    {
        var view = new RevocationView(new FakeTimeProvider(Now));
        var keepUntil = Now.AddHours(1);
        var before = Settle();
        foreach (var key in keys)
        {
            view.Apply(new RevocationFact(RevocationKind.Family, key, 3, keepUntil));
        }

        var after = Settle();
        Assert.Equal(keys.Length, view.Count);
        GC.KeepAlive(view);
        return after - before;
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "MemoryMeasurement";
}
