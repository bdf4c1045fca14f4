using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// Ticks the key ring once when a silo becomes active: the grain activates, registers its reminder, imports the
/// operator's PEM key, says whether <c>Tokens:Algorithm</c> differs from the active key, and makes up a rotation
/// missed while no silo ran. A failure is logged and the start goes on: the front ends' first key read activates
/// the ring as well. Before that, once grain storage is up and before the silo joins the cluster, it opens the
/// stored ring as this silo signs with it: a ring that does not open with this silo's key-encryption key stops the
/// start naming <c>Keys:EncryptionKey</c> (§6), where the silo would otherwise join, report ready and answer every
/// token request with a 500.
/// </summary>
public sealed partial class KeyRingStartup(IGrainFactory grains, KeyRingCache signing, ILogger<KeyRingStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        // Grain storage starts at ApplicationServices; the silo joins the cluster at BecomeActive.
        lifecycle.Subscribe(nameof(KeyRingStartup) + ".Open", ServiceLifecycleStage.ApplicationServices + 1, CheckOpens, _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(KeyRingStartup), ServiceLifecycleStage.Active, Tick, _ => Task.CompletedTask);
    }

    private async Task CheckOpens(CancellationToken cancellationToken)
    {
        try
        {
            await signing.CheckStoredRingOpens().WaitAsync(cancellationToken);
        }
        catch (KeyEncryptionKeyMismatchException e)
        {
            // An options failure, so the host reports it as one line ("cannot start: Keys:EncryptionKey: …"), exit 1.
            throw new OptionsValidationException(KeysOptions.Section, typeof(KeysOptions), [$"{nameof(KeysOptions.EncryptionKey)}: {e.Message}"]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCheckFailed(logger, e.GetType().Name, e.Message);
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        try
        {
            await grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).Tick().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(LogEvents.KeyRingStartupFailed, LogLevel.Warning, "The key ring's first tick at start failed ({Error}: {Message}); its reminder or the first key read will run it")]
    private static partial void LogFailed(ILogger logger, string error, string message);

    [LoggerMessage(LogEvents.KeyRingStartupCheckFailed, LogLevel.Warning, "Could not read the stored key ring at start to check the key-encryption key ({Error}: {Message}); the start goes on")]
    private static partial void LogCheckFailed(ILogger logger, string error, string message);
}
