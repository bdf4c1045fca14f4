using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The ledger's durable facts, one row per fact (docs/revocation.md): storing a fact writes that fact's row and
/// nothing else, however many facts its shard holds. A silo registers one implementation per grain-storage
/// backend, keyed by the storage name (<see cref="StorageNames.Main"/>), next to that backend's grain storage.
/// </summary>
public interface IRevocationFactStore
{
    /// <summary>
    /// Inserts the facts, or merges each into the row held for its key (the higher threshold and the later
    /// <see cref="RevocationFact.KeepUntil"/> win, as <see cref="RevocationFactMerge"/>), in one transaction.
    /// Idempotent and commutative, so a retried or duplicated write is harmless.
    /// </summary>
    Task Upsert(long shard, IReadOnlyCollection<RevocationFact> facts, CancellationToken cancellationToken = default);

    /// <summary>The facts of a shard still alive at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<RevocationFact>> ReadLive(long shard, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes the shard's facts whose tokens have all expired by <paramref name="now"/>; returns how many.</summary>
    Task<int> DropExpired(long shard, DateTimeOffset now, CancellationToken cancellationToken = default);
}
