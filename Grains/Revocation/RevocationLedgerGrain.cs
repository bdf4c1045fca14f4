using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// One shard of the revocation ledger: the live facts about the keys that hash to it, stored durably, and the
/// front ends to push new facts to.
/// <para>
/// <see cref="ReentrantAttribute"/>: a non-reentrant shard would take one storage write per fact, one after
/// the other. Reentrant, concurrent <see cref="Record"/> calls share one write (group commit: a fact recorded
/// while a write is in flight goes into the next one), and pushes to front ends overlap the write. State is
/// touched only between awaits, on the activation's single thread, so no lock is needed.
/// </para>
/// </summary>
[Reentrant]
[GrainType("revocation-ledger")]
public sealed partial class RevocationLedgerGrain(
    [PersistentState("revocation-ledger", StorageNames.Main)] IPersistentState<RevocationLedgerState> state,
    TimeProvider time,
    ILogger<RevocationLedgerGrain> logger) : Grain, IRevocationLedgerGrain
{
    private readonly Dictionary<(RevocationKind, string), RevocationFact> facts = [];
    private readonly RevocationSubscribers subscribers = new(time);
    private static readonly TimeSpan DeferredWriteDelay = TimeSpan.FromSeconds(1);
    private Task? writing;
    private Task? deferredWrite;
    private long changes;
    private long stored;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var fact in state.State.Facts)
        {
            RevocationFacts.MergeInto(facts, fact);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Published facts still waiting for their batched write go out now.
        if (stored < changes)
        {
            await Stored(changes);
        }
    }

    public async Task Record(RevocationFact fact)
    {
        if (fact.KeepUntil <= time.GetUtcNow())
        {
            return; // every token it could reject has expired already
        }

        RevocationFacts.MergeInto(facts, fact);
        var change = ++changes;
        var push = subscribers.Push(fact);
        await Stored(change);
        RevocationMetrics.Count(fact);
        var failed = await push;
        if (failed > 0)
        {
            LogPushFailed(logger, this.GetPrimaryKeyLong(), failed);
        }
    }

    public async Task Publish(RevocationFact fact)
    {
        if (fact.KeepUntil <= time.GetUtcNow())
        {
            return;
        }

        RevocationFacts.MergeInto(facts, fact);
        ++changes;
        var push = subscribers.Push(fact);
        ScheduleDeferredWrite();
        var failed = await push;
        if (failed > 0)
        {
            LogPushFailed(logger, this.GetPrimaryKeyLong(), failed);
        }
    }

    /// <summary>
    /// One write per <see cref="DeferredWriteDelay"/> at the most for published facts: a write stores every fact of
    /// the shard, so writing once per rotation would cost far more than the rotations themselves.
    /// </summary>
    private void ScheduleDeferredWrite()
    {
        if (deferredWrite is { IsCompleted: false })
        {
            return;
        }

        deferredWrite = WriteLater(changes);
    }

    private async Task WriteLater(long change)
    {
        try
        {
            await Task.Delay(DeferredWriteDelay, time);
            await Stored(Math.Max(change, changes));
        }
        catch (Exception e)
        {
            // The facts stay in memory and go out with the next write; front ends already have them.
            LogDeferredWriteFailed(logger, this.GetPrimaryKeyLong(), e);
        }
    }

    public Task<IReadOnlyList<RevocationFact>> GetLive()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<RevocationFact>>(facts.Values.Where(f => f.KeepUntil > now).ToArray());
    }

    public Task<bool> Subscribe(IRevocationObserver observer) => Task.FromResult(subscribers.Renew(observer));

    public Task Unsubscribe(IRevocationObserver observer)
    {
        subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    /// <summary>Waits until change number <paramref name="change"/> is in storage, starting writes as needed.</summary>
    private async Task Stored(long change)
    {
        while (stored < change)
        {
            if (writing is not { IsCompleted: false } inFlight)
            {
                inFlight = writing = Write();
            }

            await inFlight;
        }
    }

    private async Task Write()
    {
        try
        {
            var upTo = changes;
            RevocationFacts.Prune(facts, time.GetUtcNow());
            // A copy: facts recorded while the provider writes must not change what it is serializing.
            // The one writer that does not use StateWrites.WriteOrForget, on purpose: the stored state is a snapshot
            // rebuilt from the facts held, which only ever grow and merge without conflict, and front ends already
            // have them. A failed write leaves them for the next one; forgetting the activation would lose facts
            // that the front ends enforce, and a retried Record meets the same facts as a stored one would.
            state.State = new RevocationLedgerState { Facts = [.. facts.Values] };
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                // Another activation wrote (a duplicate after a silo failure). Facts merge without conflict, so
                // re-read, take the union, and write once more.
                await state.ReadStateAsync();
                foreach (var held in state.State.Facts)
                {
                    RevocationFacts.MergeInto(facts, held);
                }

                state.State = new RevocationLedgerState { Facts = [.. facts.Values] };
                await state.WriteStateAsync();
            }

            stored = upTo;
        }
        finally
        {
            writing = null;
        }
    }

    [LoggerMessage(LogEvents.RevocationLedgerDeferredWriteFailed, LogLevel.Warning, "Revocation shard {Shard}: a deferred write failed; the facts go out with the next write")]
    private static partial void LogDeferredWriteFailed(ILogger logger, long shard, Exception exception);

    [LoggerMessage(LogEvents.RevocationLedgerPushFailed, LogLevel.Warning, "Revocation shard {Shard}: {Failed} front ends did not take a push; they re-read the shard on their next renewal")]
    private static partial void LogPushFailed(ILogger logger, long shard, int failed);
}
