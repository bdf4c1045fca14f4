using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// Keeps this front end's <see cref="RevocationView"/> in step with the ledger: subscribes an observer with every
/// shard (pushes arrive within milliseconds of a revocation), loads every live fact before the front end reports
/// ready, renews the subscriptions every <see cref="RevocationSyncOptions.RenewInterval"/> (catching up with a
/// shard that had lost it), and catches up with every shard every <see cref="RevocationSyncOptions.ResyncInterval"/>
/// and after any failure, so a front end that was cut off or missed a push catches up by itself. Catching up reads
/// only the facts a shard changed since this front end's last read of it (<see cref="RevocationCursor"/>); a shard
/// that is a new activation, or that no longer keeps changes that old, answers whole.
/// </summary>
public sealed partial class RevocationSync(
    IGrainFactory grains,
    RevocationView view,
    RevocationReadiness readiness,
    IOptions<RevocationSyncOptions> options,
    TimeProvider time,
    RevocationViewLag lag,
    RevocationObserverReference self,
    RevocationReads reads,
    ILogger<RevocationSync> logger) : BackgroundService
{
    // Orleans holds observers weakly: this field keeps the object the reference points to alive.
    private readonly RevocationObserver observer = new(view);

    // Where this front end stands with each shard; default (nothing read) makes the first read whole. Each Sync
    // touches only its own shard's cursor, and only after its read succeeded.
    private readonly RevocationCursor[] cursors = new RevocationCursor[IRevocationLedgerGrain.Shards];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var needCatchUp = true;
        var lastCatchUp = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var catchUp = needCatchUp || time.GetUtcNow() - lastCatchUp >= o.ResyncInterval;
            var round = time.GetTimestamp();
            try
            {
                if (self.Current is not { } reference)
                {
                    reference = grains.CreateObjectReference<IRevocationObserver>(observer);
                    self.Set(reference);
                }

                var read = await Task.WhenAll(Enumerable.Range(0, IRevocationLedgerGrain.Shards).Select(shard => Sync(reference, shard, catchUp)));
                lag.MarkInStep();
                needCatchUp = false;
                if (catchUp)
                {
                    lastCatchUp = time.GetUtcNow();
                    var swept = view.Sweep();
                    LogResynced(logger, read.Sum(), swept, view.Count);
                }

                if (!readiness.IsLoaded)
                {
                    readiness.MarkLoaded();
                    LogLoaded(logger, view.Count, (long)time.GetElapsedTime(round).TotalMilliseconds);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                needCatchUp = true;
                LogSyncFailed(logger, e.GetType().Name, e.Message);
            }

            try
            {
                await Task.Delay(needCatchUp ? o.RetryDelay : o.RenewInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (self.Current is not { } reference)
        {
            return;
        }

        try
        {
            // Best effort: a registration that is not removed lapses within the ledger's subscription lifetime.
            await Task.WhenAll(Enumerable.Range(0, IRevocationLedgerGrain.Shards)
                .Select(shard => grains.Get<IRevocationLedgerGrain>(shard).Unsubscribe(reference)))
                .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e)
        {
            LogUnsubscribeFailed(logger, e.GetType().Name);
        }

        self.Set(null);
        // The reference, not the observer: Orleans throws "not a grain reference" for the object itself, which
        // turned every graceful stop into a crash.
        grains.DeleteObjectReference<IRevocationObserver>(reference);
    }

    /// <summary>Renews the subscription with one shard and catches up with it when due or when it had lost us.</summary>
    private async Task<int> Sync(IRevocationObserver reference, int shard, bool catchUp)
    {
        var ledger = grains.Get<IRevocationLedgerGrain>(shard);
        // Subscribe first, read second: a fact recorded in between is pushed, so nothing falls in a gap.
        var known = await ledger.Subscribe(reference);
        if (known && !catchUp)
        {
            return 0;
        }

        var read = await ledger.ReadSince(cursors[shard]);
        foreach (var fact in read.Facts)
        {
            view.Apply(fact);
        }

        cursors[shard] = read.Cursor;
        reads.Add(read.Facts.Count, read.Whole);
        return read.Facts.Count;
    }

    [LoggerMessage(LogEvents.RevocationSyncLoaded, LogLevel.Information, "Revocation view loaded: {Facts} live facts in {Milliseconds} ms; the front end is ready")]
    private static partial void LogLoaded(ILogger logger, int facts, long milliseconds);

    [LoggerMessage(LogEvents.RevocationSyncResynced, LogLevel.Debug, "Revocation view caught up: {Read} facts read, {Swept} expired swept, {Held} held")]
    private static partial void LogResynced(ILogger logger, int read, int swept, int held);

    [LoggerMessage(LogEvents.RevocationSyncSyncFailed, LogLevel.Warning, "Revocation view could not sync ({Exception}: {Message}); retrying and catching up with every shard")]
    private static partial void LogSyncFailed(ILogger logger, string exception, string message);

    [LoggerMessage(LogEvents.RevocationSyncUnsubscribeFailed, LogLevel.Debug, "Revocation observer could not unsubscribe on shutdown ({Exception})")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string exception);
}
