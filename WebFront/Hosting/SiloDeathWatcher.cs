using Npgsql;
using OroOrleans.Grains;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// Reads the cluster's membership table (the one the front end finds its gateways in) twice a second and tells
/// <see cref="SiloDeaths"/> when a silo has been declared dead by its peers: a row that turned Dead with suspicion
/// votes on it, and that was not shutting down or stopping when last read. A silo that stops gracefully finishes its
/// calls first, so it ends nothing, even when its peers suspected it while it was slow to stop. An Orleans client learns of a dead silo only through its own gateway connections and breaks no
/// call in flight to it, which otherwise waits for <c>Orleans:ResponseTimeout</c> (§9.2).
/// </summary>
public sealed partial class SiloDeathWatcher(string connectionString, string clusterId, SiloDeaths deaths, ILogger<SiloDeathWatcher> logger)
    : BackgroundService
{
    private const int ShuttingDownStatus = 4;
    private const int StoppingStatus = 5;
    private const int DeadStatus = 6;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        Dictionary<string, int>? statuses = null;
        var failing = false;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var declared = new List<string>();
                var seen = new Dictionary<string, int>();
                await using (var command = source.CreateCommand(
                    "SELECT address, port, generation, status, suspecttimes FROM orleansmembershiptable WHERE deploymentid = $1"))
                {
                    command.Parameters.AddWithValue(clusterId);
                    await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                    while (await reader.ReadAsync(stoppingToken))
                    {
                        var silo = $"{reader.GetString(0)}:{reader.GetInt32(1)}:{reader.GetInt32(2)}";
                        var status = reader.GetInt32(3);
                        seen[silo] = status;
                        var voted = !reader.IsDBNull(4) && reader.GetString(4).Length > 0;
                        // The first read only learns who was there before this front end started.
                        if (status == DeadStatus && voted && statuses is not null
                            && statuses.GetValueOrDefault(silo) is not (DeadStatus or ShuttingDownStatus or StoppingStatus))
                        {
                            declared.Add(silo);
                        }
                    }
                }

                statuses = seen;
                failing = false;
                foreach (var silo in declared)
                {
                    LogDeclared(logger, silo);
                }

                if (declared.Count > 0)
                {
                    deaths.Declared();
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL is down or restarting (silos cannot declare deaths either), or the read failed some other
                // way: the watcher goes on, since a hosted service that ends would stop the front end. Logged once
                // per outage.
                if (!failing)
                {
                    LogReadFailed(logger, e.GetType().Name);
                    failing = true;
                }
            }
        }
        while (await WaitForNextTick(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextTick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(LogEvents.SiloDeathWatcherDeclared, LogLevel.Warning, "Silo {Silo} was declared dead: grain calls in flight are ended and the safe ones sent again")]
    private static partial void LogDeclared(ILogger logger, string silo);

    [LoggerMessage(LogEvents.SiloDeathWatcherReadFailed, LogLevel.Information, "The membership table cannot be read ({Exception}); watching for dead silos resumes when it can")]
    private static partial void LogReadFailed(ILogger logger, string exception);
}
