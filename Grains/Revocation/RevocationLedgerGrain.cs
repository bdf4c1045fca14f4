using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OroOrleans.Grains.Families;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// One shard of the revocation ledger: the live facts about the keys that hash to it, stored durably one row per
/// fact (<see cref="IRevocationFactStore"/>), and the front ends to push new facts to.
/// <para>
/// <see cref="ReentrantAttribute"/>: a non-reentrant shard would take one storage write per fact, one after
/// the other. Reentrant, concurrent <see cref="Record"/> calls share one write (group commit: a fact recorded
/// while a write is in flight goes into the next one), and pushes to front ends overlap the write. State is
/// touched only between awaits, on the activation's single thread, so no lock is needed.
/// </para>
/// <para>
/// A write stores only the facts recorded since the last one, so its cost does not grow with the shard. The shard
/// also keeps every live fact in memory, read from the store at activation (and merged from it again by its timer
/// while a second activation may exist, <see cref="RereadDue"/>), and the keys it changed lately
/// (<see cref="RevocationChanges"/>), to answer <see cref="ReadSince"/> without a database read: whole for a front
/// end that starts, only the changes for one that catches up.
/// </para>
/// </summary>
[Reentrant]
[GrainType("revocation-ledger")]
public sealed partial class RevocationLedgerGrain(
    [PersistentState("revocation-ledger", StorageNames.Main)] IPersistentState<RevocationLedgerState> wholeShard,
    [FromKeyedServices(StorageNames.Main)] IRevocationFactStore store,
    IClusterMembershipService membership,
    IOptions<RevocationLedgerOptions> options,
    IOptions<TokenOptions> tokens,
    TimeProvider time,
    ILogger<RevocationLedgerGrain> logger) : Grain, IRevocationLedgerGrain
{
    private static readonly TimeSpan DeferredWriteDelay = TimeSpan.FromSeconds(1);

    private readonly TimeSpan sweepInterval = options.Value.SweepInterval;

    // Every fact is kept at most an access token's lifetime and RevocationFacts.KeepMargin past its making: so a fact a
    // twin made before this window opened has expired when it closes.
    private readonly TimeSpan twinWindow = options.Value.TwinWindow ?? tokens.Value.AccessTokenLifetime + RevocationFacts.KeepMargin;

    private readonly Dictionary<(RevocationKind, string), RevocationFact> facts = [];
    private readonly RevocationSubscribers subscribers = new(time);
    private readonly RevocationChanges changed = new(time);
    private Dictionary<(RevocationKind, string), RevocationFact> unstored = [];
    private Task? writing;
    private Task? deferredWrite;
    private long changes;
    private long stored;
    private DateTimeOffset nextSweep;
    private MembershipVersion membershipSeen;
    private DateTimeOffset rereadUntil;
    private DateTimeOffset lastReread = DateTimeOffset.MinValue;

    private long Shard => this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var fact in await store.ReadLive(Shard, now, cancellationToken))
        {
            RevocationFacts.MergeInto(facts, fact);
        }

        // A shard stored whole by an earlier version: its facts move to rows once, then the old state is cleared.
        if (wholeShard.State.Facts.Count > 0)
        {
            var carried = wholeShard.State.Facts.Where(f => f.KeepUntil > now).ToList();
            await store.Upsert(Shard, carried, cancellationToken);
            foreach (var fact in carried)
            {
                RevocationFacts.MergeInto(facts, fact);
            }

            await wholeShard.ClearStateAsync(cancellationToken);
        }

        nextSweep = now + sweepInterval;
        membershipSeen = membership.CurrentSnapshot.Version;
        rereadUntil = now + twinWindow;
        this.RegisterGrainTimer(static ledger => ledger.OnTimer(), this, new GrainTimerCreationOptions(sweepInterval, sweepInterval));
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
        if (!Take(fact))
        {
            return; // every token it could reject has expired already
        }

        var change = changes;
        var push = subscribers.Push(fact, except: null);
        await Stored(change);
        RevocationMetrics.Count(fact);
        var failed = await push;
        if (failed > 0)
        {
            LogPushFailed(logger, Shard, failed);
        }
    }

    public async Task Publish(RevocationFact fact, IRevocationObserver? except)
    {
        if (!Take(fact))
        {
            return;
        }

        var push = subscribers.Push(fact, except);
        ScheduleDeferredWrite();
        var failed = await push;
        if (failed > 0)
        {
            LogPushFailed(logger, Shard, failed);
        }
    }

    public Task<RevocationRead> ReadSince(RevocationCursor cursor)
    {
        var now = time.GetUtcNow();
        var keys = changed.Since(cursor);
        var read = keys is null
            ? facts.Values
            : keys.Select(key => facts.GetValueOrDefault(key)).OfType<RevocationFact>(); // a key swept since: expired
        return Task.FromResult(new RevocationRead(changed.Cursor, keys is null, read.Where(f => f.KeepUntil > now).ToArray()));
    }

    public Task<bool> Subscribe(IRevocationObserver observer) => Task.FromResult(subscribers.Renew(observer));

    public Task Unsubscribe(IRevocationObserver observer)
    {
        subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    /// <summary>Merges a live fact into memory and into the next write; false for a fact already expired.</summary>
    private bool Take(RevocationFact fact)
    {
        if (fact.KeepUntil <= time.GetUtcNow())
        {
            return false;
        }

        Hold(fact);
        RevocationFacts.MergeInto(unstored, fact);
        ++changes;
        return true;
    }

    /// <summary>
    /// Merges a fact into memory and notes its key in <see cref="changed"/> when that changed what is held: every
    /// change after activation goes through here, which is what lets a catch-up read only the changes.
    /// </summary>
    private void Hold(RevocationFact fact)
    {
        if (RevocationFacts.MergeInto(facts, fact) is { } held)
        {
            changed.Add((held.Kind, held.Key));
        }
    }

    /// <summary>
    /// One write per <see cref="DeferredWriteDelay"/> at the most for published facts: a rotation's fact follows
    /// from the family's own stored generation, so it may wait and share a transaction with its neighbours.
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
            LogDeferredWriteFailed(logger, Shard, e);
        }
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
            var batch = unstored;
            unstored = [];
            // The one writer that does not use StateWrites.WriteOrForget, on purpose: facts only ever grow and
            // merge without conflict (the store merges each row the same way), and front ends already have them. A
            // failed write hands its facts to the next one; forgetting the activation would lose facts that the
            // front ends enforce, and a retried Record meets the same facts as a stored one would.
            var started = Stopwatch.GetTimestamp();
            try
            {
                await store.Upsert(Shard, batch.Values);
            }
            catch
            {
                foreach (var fact in batch.Values)
                {
                    RevocationFacts.MergeInto(unstored, fact);
                }

                throw;
            }

            RevocationMetrics.Written(batch.Count, Stopwatch.GetElapsedTime(started));
            stored = upTo;
            await SweepWhenDue();
        }
        finally
        {
            writing = null;
        }
    }

    /// <summary>
    /// Once per <see cref="RevocationLedgerOptions.SweepInterval"/>, after a write or on the timer: deletes expired
    /// facts from the store and from memory, and gives back the memory of a past peak of changes.
    /// </summary>
    private async Task SweepWhenDue()
    {
        var now = time.GetUtcNow();
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now + sweepInterval;
        RevocationFacts.Prune(facts, now);
        changed.TrimExcess();
        try
        {
            await store.DropExpired(Shard, now);
        }
        catch (Exception e)
        {
            // Expired rows are never read as live; the next sweep deletes them.
            LogSweepFailed(logger, Shard, e);
        }
    }

    /// <summary>
    /// The timer, every <see cref="RevocationLedgerOptions.SweepInterval"/> (Orleans starts a tick only after the
    /// previous one ended): sweeps a shard that takes no write, and re-reads the stored rows while a twin may write.
    /// Off the write path, so that no <see cref="Record"/> waits for a read of the whole shard.
    /// </summary>
    private async Task OnTimer()
    {
        await SweepWhenDue();
        var now = time.GetUtcNow();
        if (!RereadDue(now))
        {
            return;
        }

        try
        {
            foreach (var fact in await store.ReadLive(Shard, now))
            {
                Hold(fact); // a twin's fact, or one it merged, becomes a change for the front ends' next catch-up
            }

            lastReread = now;
        }
        catch (Exception e)
        {
            LogRereadFailed(logger, Shard, e);
        }
    }

    /// <summary>
    /// Whether a second activation of this shard may have written rows this one does not hold. Two exist only
    /// around a membership change (a silo declared dead runs on until it reads the membership table; a directory
    /// partition moves only when a silo joins or leaves), so: until the twin window has passed since this
    /// activation's start or since the last membership change it saw (looked at once per tick), and then until one
    /// re-read has succeeded that started after the window closed, so that a database outage at its end does not
    /// skip the last read. In steady state, none: re-reading every live row each minute would cost as much as the
    /// shard holds (a million facts, a million rows a minute).
    /// </summary>
    private bool RereadDue(DateTimeOffset now)
    {
        var version = membership.CurrentSnapshot.Version;
        if (version != membershipSeen)
        {
            membershipSeen = version;
            rereadUntil = now + twinWindow;
        }

        return now < rereadUntil || lastReread < rereadUntil;
    }

    [LoggerMessage(LogEvents.RevocationLedgerDeferredWriteFailed, LogLevel.Warning, "Revocation shard {Shard}: a deferred write failed; the facts go out with the next write")]
    private static partial void LogDeferredWriteFailed(ILogger logger, long shard, Exception exception);

    [LoggerMessage(LogEvents.RevocationLedgerPushFailed, LogLevel.Warning, "Revocation shard {Shard}: {Failed} front ends did not take a push; they re-read the shard on their next renewal")]
    private static partial void LogPushFailed(ILogger logger, long shard, int failed);

    [LoggerMessage(LogEvents.RevocationLedgerSweepFailed, LogLevel.Warning, "Revocation shard {Shard}: deleting expired facts failed; the next sweep retries")]
    private static partial void LogSweepFailed(ILogger logger, long shard, Exception exception);

    [LoggerMessage(LogEvents.RevocationLedgerRereadFailed, LogLevel.Warning, "Revocation shard {Shard}: reading the stored facts back (a second activation may have written some) failed; the next tick retries")]
    private static partial void LogRereadFailed(ILogger logger, long shard, Exception exception);
}
