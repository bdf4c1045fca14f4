using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Hosting;

/// <summary>Says, once the silo has started, where it listens; scripts and tests wait for this line.</summary>
public sealed partial class SiloReadyBanner(IOptions<SiloEndpointOptions> endpoints, ILogger<SiloReadyBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogReady(logger, endpoints.Value.AdvertisedAddress, endpoints.Value.SiloPort, endpoints.Value.GatewayPort);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.SiloReadyBannerReady, LogLevel.Information, "OroOrleans silo ready on {Address}:{SiloPort}, gateway {GatewayPort}")]
    private static partial void LogReady(ILogger logger, string address, int siloPort, int gatewayPort);
}
