namespace OroOrleans.Tests.Silo.Storage;

[GrainType("integer-storage-probe")]
public sealed class IntegerStorageProbeGrain(
    [PersistentState("x", "main")] IPersistentState<StorageProbeState> state)
    : Grain, IIntegerStorageProbeGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task Set(string text, int number)
    {
        state.State.Text = text;
        state.State.Number = number;
        return state.WriteStateAsync();
    }

    public Task<StorageProbeSnapshot> Get() =>
        Task.FromResult(new StorageProbeSnapshot(
            state.State.Text, state.State.Number, [.. state.State.Items], state.RecordExists, _activationId));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
