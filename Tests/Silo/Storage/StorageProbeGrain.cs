using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OroOrleans.Tests.Silo.Storage;

[GrainType("storage-probe")]
public sealed class StorageProbeGrain(
    [PersistentState(StorageProbeGrain.StateName, "main")] IPersistentState<StorageProbeState> state)
    : Grain, IStorageProbeGrain, IRemindable
{
    public const string StateName = "x";

    private readonly Guid _activationId = Guid.NewGuid();

    public Task Set(string text, int number, IReadOnlyList<string> items)
    {
        state.State.Text = text;
        state.State.Number = number;
        state.State.Items = [.. items];
        return state.WriteStateAsync();
    }

    public Task<StorageProbeSnapshot> Get() => Task.FromResult(Snapshot());

    public Task Clear() => state.ClearStateAsync();

    public async Task<StorageProbeSnapshot> Reload()
    {
        await state.ReadStateAsync();
        return Snapshot();
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task WriteAfterOtherWriter(bool otherWriterFirstEver)
    {
        // The other writer goes straight to the same storage provider with its own copy of the state,
        // keyed like ours (state name + grain id), the way a second activation's state bridge would.
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>("main");
        var other = new GrainState<StorageProbeState>(new StorageProbeState());
        if (!otherWriterFirstEver)
        {
            await storage.ReadStateAsync(StateName, this.GetGrainId(), other);
        }

        other.State = new StorageProbeState { Text = "other writer" };
        await storage.WriteStateAsync(StateName, this.GetGrainId(), other);

        state.State.Text = "stale writer";
        await state.WriteStateAsync();
    }

    public Task RegisterReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public async Task UnregisterReminder(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private StorageProbeSnapshot Snapshot() =>
        new(state.State.Text, state.State.Number, [.. state.State.Items], state.RecordExists, _activationId);
}
