using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// A minimal ledger shard, written on the refresh-families branch only so that rotation and revocation can record
/// their facts: durable, no push to front ends. The revocation branch's ledger replaces this file.
/// </summary>
[GrainType("revocation-ledger")]
public sealed class RevocationLedgerGrain(
    [PersistentState("revocation-ledger", StorageNames.Main)] IPersistentState<RevocationLedgerGrain.LedgerState> state,
    TimeProvider time) : Grain, IRevocationLedgerGrain
{
    public async Task Record(RevocationFact fact)
    {
        var now = time.GetUtcNow();
        state.State.Facts.RemoveAll(f => f.KeepUntil < now);
        state.State.Facts.Add(fact);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<RevocationFact>> GetLive()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<RevocationFact>>(state.State.Facts.Where(f => f.KeepUntil >= now).ToArray());
    }

    /// <summary>Persisted facts of one shard.</summary>
    [GenerateSerializer, Alias("MinimalRevocationLedgerState")]
    public sealed class LedgerState
    {
        [Id(0)] public List<RevocationFact> Facts { get; set; } = [];
    }
}
