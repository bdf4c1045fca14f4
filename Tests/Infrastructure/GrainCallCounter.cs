using System.Collections.Concurrent;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Counts grain calls per grain type and method on a test silo (see <see cref="CountingCallFilter"/>).</summary>
public sealed class GrainCallCounter
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public void Record(string grainType, string method) => calls.AddOrUpdate($"{grainType}.{method}", 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(calls);

    /// <summary>Calls made between two snapshots, per <c>type.method</c>.</summary>
    public static Dictionary<string, int> Delta(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        after.Select(a => (a.Key, Count: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Count > 0).ToDictionary(a => a.Key, a => a.Count);
}
