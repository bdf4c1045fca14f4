using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// The real fact table with writes that fail as <see cref="FailingGrainStorage"/> plans them for the grain type
/// <c>revocation-ledger</c>: the ledger stores its facts here, not in grain storage.
/// </summary>
public sealed class FailingRevocationFactStore(IRevocationFactStore inner) : IRevocationFactStore
{
    private const string GrainType = "revocation-ledger";

    public async Task Upsert(long shard, IReadOnlyCollection<RevocationFact> facts, CancellationToken cancellationToken = default)
    {
        // A plan for this shard, or for any: other shards write too (a rotation's fact a second after it), so a test
        // that must fail one write of its own shard plans it by shard.
        if (!FailingGrainStorage.TakePlan($"{GrainType}/{shard}", out var fault) && !FailingGrainStorage.TakePlan(GrainType, out fault))
        {
            await inner.Upsert(shard, facts, cancellationToken);
            return;
        }

        if (fault == WriteFault.StoredButUnanswered)
        {
            await inner.Upsert(shard, facts, cancellationToken);
        }

        throw new TimeoutException($"planned failure of a write of revocation shard {shard} ({fault})");
    }

    public Task<IReadOnlyList<RevocationFact>> ReadLive(long shard, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.ReadLive(shard, now, cancellationToken);

    public Task<int> DropExpired(long shard, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.DropExpired(shard, now, cancellationToken);
}
