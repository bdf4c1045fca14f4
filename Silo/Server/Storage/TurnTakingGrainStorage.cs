using Orleans.Storage;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage on SQLite with its writes and clears run by <see cref="WriteTurns"/>; reads go
/// straight through (in WAL mode a reader never waits for the writer). It passes the silo lifecycle on, where the
/// provider loads its queries.
/// </summary>
public sealed class TurnTakingGrainStorage(IGrainStorage inner, WriteTurns turns) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        turns.Run(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        turns.Run(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
