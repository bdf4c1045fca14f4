using System.Collections.Concurrent;
using Orleans.Storage;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>What a planned write failure does.</summary>
public enum WriteFault
{
    /// <summary>The write throws before it reaches storage: nothing was stored.</summary>
    Lost,

    /// <summary>The write reaches storage, then throws: stored, but the grain never hears so (a silo that died
    /// after writing, a connection lost after the commit).</summary>
    StoredButUnanswered,
}

/// <summary>
/// The real grain storage with writes that fail on request: a test plans the next write of one grain type to
/// fail, and the wrapper fails it. Reads and every other write go to the real storage untouched.
/// </summary>
public sealed class FailingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, WriteFault> Plans = new();
    private static readonly ConcurrentDictionary<string, WriteHold> Holds = new();

    /// <summary>The next write of a grain of type <paramref name="grainType"/> (its <c>[GrainType]</c>) fails.</summary>
    public static void FailNextWrite(string grainType, WriteFault fault = WriteFault.Lost) => Plans[grainType] = fault;

    /// <summary>True while a planned failure has not happened yet.</summary>
    public static bool IsPending(string grainType) => Plans.ContainsKey(grainType);

    /// <summary>Takes the planned failure of <paramref name="grainType"/>, if any (for stores other than grain storage).</summary>
    public static bool TakePlan(string grainType, out WriteFault fault) => Plans.TryRemove(grainType, out fault);

    /// <summary>
    /// Every write of a grain of type <paramref name="grainType"/> waits, counted, until the hold is disposed (then
    /// goes on to the real storage): a database write that takes long, held for as long as a test needs.
    /// </summary>
    public static WriteHold HoldWrites(string grainType)
    {
        var hold = new WriteHold(() => Holds.TryRemove(grainType, out _));
        Assert.True(Holds.TryAdd(grainType, hold), $"writes of {grainType} are held already");
        return hold;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Holds.TryGetValue(grainId.Type.ToString()!, out var hold))
        {
            await hold.Wait();
        }

        if (!Plans.TryRemove(grainId.Type.ToString()!, out var fault))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        if (fault == WriteFault.StoredButUnanswered)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        throw new TimeoutException($"planned failure of a write of {grainId} ({fault})");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>Writes held by <see cref="FailingGrainStorage.HoldWrites"/>: how many wait now; disposing releases them.</summary>
public sealed class WriteHold(Action remove) : IDisposable
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int waiting;

    /// <summary>Writes that have reached the storage and wait for the release.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public void Dispose()
    {
        remove();
        released.TrySetResult();
    }

    internal async Task Wait()
    {
        Interlocked.Increment(ref waiting);
        await released.Task;
        Interlocked.Decrement(ref waiting);
    }
}
