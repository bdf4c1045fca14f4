using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Hosting;

/// <summary>Says at start that a silo beyond loopback runs without TLS because <c>Orleans:Tls:Disabled=true</c> (§9.2).</summary>
public sealed partial class TlsDisabledBanner(ILogger<TlsDisabledBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogDisabled(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.TlsDisabledBannerDisabled, LogLevel.Warning, "Orleans:Tls:Disabled=true: silo and gateway connections are not encrypted and any Orleans client that reaches them can call every grain")]
    private static partial void LogDisabled(ILogger logger);
}
