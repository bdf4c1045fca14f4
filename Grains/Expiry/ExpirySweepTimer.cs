using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Expiry;

/// <summary>
/// Asks the cluster's <see cref="IExpirySweepGrain"/> to sweep every <see cref="ExpiryOptions.SweepInterval"/>, on
/// every silo (the grain runs one sweep per interval however many silos ask, and any surviving silo keeps asking).
/// A sweep that stopped at its batch cap is continued at once. A failed sweep is logged and retried next tick.
/// </summary>
public sealed partial class ExpirySweepTimer(
    IGrainFactory grains,
    IOptions<ExpiryOptions> options,
    TimeProvider time,
    ILogger<ExpirySweepTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnce(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepOnce(CancellationToken stoppingToken)
    {
        try
        {
            var sweeper = grains.Get<IExpirySweepGrain>(0);
            var result = await sweeper.Sweep(force: false);
            while (result is { More: true } && !stoppingToken.IsCancellationRequested)
            {
                result = await sweeper.Sweep(force: true);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSweepFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(LogEvents.ExpirySweepFailed, LogLevel.Warning, "The expiry sweep failed ({Exception}); it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, string exception);
}
