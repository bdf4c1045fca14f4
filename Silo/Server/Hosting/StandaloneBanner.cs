using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Hosting;

/// <summary>Logs where the standalone silo listens, so that a client-mode front end can be pointed at it.</summary>
public sealed partial class StandaloneBanner(StandaloneEndpoints endpoints, ILogger<StandaloneBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (endpoints.GatewayPort == 0)
        {
            LogListeningWithoutGateway(logger, endpoints.SiloPort);
        }
        else
        {
            LogListening(logger, endpoints.SiloPort, endpoints.GatewayPort);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.StandaloneBannerListening, LogLevel.Information, "Standalone silo on 127.0.0.1:{SiloPort}, gateway 127.0.0.1:{GatewayPort}")]
    private static partial void LogListening(ILogger logger, int siloPort, int gatewayPort);

    [LoggerMessage(LogEvents.StandaloneBannerListeningWithoutGateway, LogLevel.Information, "Standalone silo on 127.0.0.1:{SiloPort}, no gateway (Standalone:GatewayPort is not set)")]
    private static partial void LogListeningWithoutGateway(ILogger logger, int siloPort);
}
