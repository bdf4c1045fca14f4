using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>Says at start, in one line each, what weakens the keys at rest: keys in the clear, a data directory others can read.</summary>
public sealed partial class KeyProtectionBanner(KeyProtector protector, IServiceProvider services, ILogger<KeyProtectionBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!protector.Encrypts)
        {
            LogPlaintext(logger);
        }

        if (services.GetService<DataDirectory>() is { OpenToOthers: true } data)
        {
            LogOpenDirectory(logger, data.Path);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.KeyProtectionBannerPlaintext, LogLevel.Warning, "Keys:AllowPlaintext=true and no key-encryption key: private and refresh keys are stored in the clear")]
    private static partial void LogPlaintext(ILogger logger);

    [LoggerMessage(LogEvents.KeyProtectionBannerOpenDirectory, LogLevel.Warning, "The data directory {Path} can be read by other users; it holds the database and the key-encryption key (chmod 700 it)")]
    private static partial void LogOpenDirectory(ILogger logger, string path);
}
