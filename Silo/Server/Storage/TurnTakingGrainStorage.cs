using Orleans.Storage;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage on SQLite with its writes and clears taken in <see cref="WriteTurns"/>; reads go
/// straight through (in WAL mode a reader never waits for the writer). It passes the silo lifecycle on, where the
/// provider loads its queries.
/// </summary>
public sealed class TurnTakingGrainStorage(IGrainStorage inner, WriteTurns turns) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var turn = await turns.Take();
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var turn = await turns.Take();
        await inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
