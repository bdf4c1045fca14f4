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
    public void FamilyFact_CostsAtMostSixtyFourBytes()
    {
        const int count = 200_000;
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        // The heap is process-wide: a background thread (an Orleans timer, a finalizer) can move one sample. The
        // median of three rounds is the measurement.
        var samples = Enumerable.Range(0, 3).Select(_ => RetainedBytes(keys)).Order().ToArray();
        // The view keeps no key string (a family id is held as its 16 bytes), so the retained bytes are the cost.
        var perFact = (double)samples[1] / count;
        output.WriteLine($"{count} family facts: {samples[1] / 1024.0 / 1024.0:F1} MiB (rounds: {string.Join(", ", samples)} bytes), ~{perFact:F0} bytes per fact");
        Assert.InRange(perFact, 16, 64);
        GC.KeepAlive(keys);
    }

    private static long RetainedBytes(string[] keys)
    {
        var view = new RevocationView(new FakeTimeProvider(Now));
        var keepUntil = Now.AddHours(1);
        var before = MemoryMeasurementCollection.Settle();
        foreach (var key in keys)
        {
            view.Apply(new RevocationFact(RevocationKind.Family, key, 3, keepUntil));
        }

        var after = MemoryMeasurementCollection.Settle();
        Assert.Equal(keys.Length, view.Count);
        GC.KeepAlive(view);
        return after - before;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "MemoryMeasurement";

    /// <summary>The process's heap after a full collection: the tests of this collection measure what they retain.</summary>
    public static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
