using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Says, once the whole process has started, where the silo listens and whether with TLS (§9.2); scripts and tests
/// wait for this line. Not before: the management endpoints bind after the silo has joined, and a process whose
/// management port is taken must fail before it says it is ready, not after.
/// </summary>
public sealed partial class SiloReadyBanner(
    IOptions<SiloEndpointOptions> endpoints, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<SiloReadyBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var transport = services.GetService<ClusterTls>() is null ? "no TLS" : "mutual TLS";
        lifetime.ApplicationStarted.Register(() =>
            LogReady(logger, endpoints.Value.AdvertisedAddress, endpoints.Value.SiloPort, endpoints.Value.GatewayPort, transport));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.SiloReadyBannerReady, LogLevel.Information, "OroOrleans silo ready on {Address}:{SiloPort}, gateway {GatewayPort}, {Transport}")]
    private static partial void LogReady(ILogger logger, string address, int siloPort, int gatewayPort, string transport);
}
