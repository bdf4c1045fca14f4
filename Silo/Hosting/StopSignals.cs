using System.Runtime.InteropServices;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The first SIGINT (Ctrl+C) or SIGTERM asks a command to stop at its next safe point (<see cref="Token"/>) instead of
/// ending the process; a second ends it at once, as the signal does by default.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration[] registrations;
    private int received;

    public StopSignals() =>
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>The first signal's name (<c>SIGINT</c>, <c>SIGTERM</c>), or null before one.</summary>
    public string? Received => received switch { 2 => "SIGINT", 15 => "SIGTERM", _ => null };

    /// <summary>The exit code that says which signal interrupted the command, as a shell reports it: 128 + its number (130, 143).</summary>
    public int ExitCode => 128 + received;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // PosixSignal's values are not the signals' numbers (SIGINT is -2 there).
        var number = context.Signal == PosixSignal.SIGINT ? 2 : 15;
        if (Interlocked.CompareExchange(ref received, number, 0) != 0)
        {
            return;
        }

        context.Cancel = true;
        stop.Cancel();
    }
}
