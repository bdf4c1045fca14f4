using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Writes this silo's <see cref="IssuanceCounters"/> to the client grains every
/// <see cref="IssuanceOptions.FlushInterval"/>, one call per client that issued tokens, and once more on a clean
/// shutdown. A batch that fails is put back for the next round.
/// </summary>
/// <remarks>
/// The calls of one flush run side by side, at most <see cref="Parallelism"/> at once: one client grain that is
/// slow to answer (its silo stopping, its row locked) holds back only its own count, not every client's behind it,
/// and the shutdown flush's five seconds are not spent waiting on one call while the rest are lost.
/// </remarks>
public sealed partial class IssuanceCounterFlusher(
    IssuanceCounters counters,
    IGrainFactory grains,
    IOptions<IssuanceOptions> options,
    TimeProvider time,
    ILogger<IssuanceCounterFlusher> logger) : BackgroundService
{
    /// <summary>The most client grains one flush calls at once.</summary>
    public const int Parallelism = 16;

    /// <summary>Flushes now; returns the number of clients written.</summary>
    public async Task<int> Flush()
    {
        var batch = counters.Drain();
        var written = 0;
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (entry, _) =>
        {
            var (clientId, usage) = entry;
            try
            {
                await grains.Get<IClientGrain>(clientId).RecordUsage(usage);
                Interlocked.Increment(ref written);
            }
            catch (Exception e)
            {
                // Every failure is put back, a cancelled call's too: an exception out of this body would stop the
                // flush, and the batches it had not yet sent would be lost.
                counters.Restore(clientId, usage);
                LogFlushFailed(logger, clientId, e.GetType().Name);
            }
        });

        return written;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Flush().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e)
        {
            LogFinalFlushFailed(logger, e.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogEvents.IssuanceCounterFlusherFlushFailed, LogLevel.Warning, "Could not flush issuance counters of client {ClientId} ({Exception}); kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string clientId, string exception);

    [LoggerMessage(LogEvents.IssuanceCounterFlusherFinalFlushFailed, LogLevel.Warning, "Could not flush issuance counters at shutdown ({Exception})")]
    private static partial void LogFinalFlushFailed(ILogger logger, string exception);
}
