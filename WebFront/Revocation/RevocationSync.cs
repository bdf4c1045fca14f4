using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// Keeps this front end's <see cref="RevocationView"/> in step with the ledger: subscribes an observer with every
/// shard (pushes arrive within milliseconds of a revocation), loads every live fact before the front end reports
/// ready, renews the subscriptions every <see cref="RevocationSyncOptions.RenewInterval"/> (re-reading a shard
/// that had lost it), and re-reads everything every <see cref="RevocationSyncOptions.ResyncInterval"/> and after
/// any failure, so a front end that was cut off catches up by itself.
/// </summary>
public sealed partial class RevocationSync(
    IGrainFactory grains,
    RevocationView view,
    RevocationReadiness readiness,
    IOptions<RevocationSyncOptions> options,
    TimeProvider time,
    RevocationViewLag lag,
    RevocationObserverReference self,
    ILogger<RevocationSync> logger) : BackgroundService
{
    // Orleans holds observers weakly: this field keeps the object the reference points to alive.
    private readonly RevocationObserver observer = new(view);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var needFull = true;
        var lastFull = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = needFull || time.GetUtcNow() - lastFull >= o.ResyncInterval;
            var round = time.GetTimestamp();
            try
            {
                if (self.Current is not { } reference)
                {
                    reference = grains.CreateObjectReference<IRevocationObserver>(observer);
                    self.Set(reference);
                }

                var read = await Task.WhenAll(Enumerable.Range(0, IRevocationLedgerGrain.Shards).Select(shard => Sync(reference, shard, full)));
                lag.MarkInStep();
                needFull = false;
                if (full)
                {
                    lastFull = time.GetUtcNow();
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
                needFull = true;
                LogSyncFailed(logger, e.GetType().Name, e.Message);
            }

            try
            {
                await Task.Delay(needFull ? o.RetryDelay : o.RenewInterval, time, stoppingToken);
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

    /// <summary>Renews the subscription with one shard and reads its facts when due or when it had lost us.</summary>
    private async Task<int> Sync(IRevocationObserver reference, long shard, bool full)
    {
        var ledger = grains.Get<IRevocationLedgerGrain>(shard);
        // Subscribe first, read second: a fact recorded in between is pushed, so nothing falls in a gap.
        var known = await ledger.Subscribe(reference);
        if (known && !full)
        {
            return 0;
        }

        var facts = await ledger.GetLive();
        foreach (var fact in facts)
        {
            view.Apply(fact);
        }

        return facts.Count;
    }

    [LoggerMessage(LogEvents.RevocationSyncLoaded, LogLevel.Information, "Revocation view loaded: {Facts} live facts in {Milliseconds} ms; the front end is ready")]
    private static partial void LogLoaded(ILogger logger, int facts, long milliseconds);

    [LoggerMessage(LogEvents.RevocationSyncResynced, LogLevel.Debug, "Revocation view re-read: {Read} facts read, {Swept} expired swept, {Held} held")]
    private static partial void LogResynced(ILogger logger, int read, int swept, int held);

    [LoggerMessage(LogEvents.RevocationSyncSyncFailed, LogLevel.Warning, "Revocation view could not sync ({Exception}: {Message}); retrying and re-reading every shard")]
    private static partial void LogSyncFailed(ILogger logger, string exception, string message);

    [LoggerMessage(LogEvents.RevocationSyncUnsubscribeFailed, LogLevel.Debug, "Revocation observer could not unsubscribe on shutdown ({Exception})")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string exception);
}
