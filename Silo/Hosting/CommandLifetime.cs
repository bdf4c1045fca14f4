using Microsoft.Extensions.Hosting;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The host lifetime of the operator commands' Orleans client: none. The generic host's console lifetime takes SIGINT
/// and SIGTERM for itself and only asks the host to stop, which a command that runs beside its host never hears, so
/// Ctrl+C did nothing to <c>import</c>. Without it a signal ends a command as it ends any program, unless the command
/// registers its own handler (<see cref="StopSignals"/>).
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
