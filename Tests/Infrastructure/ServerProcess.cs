using System.Collections.Concurrent;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// One of our server programs as a real child process (<see cref="ChildProcess"/>): its output kept for assertions
/// and failure messages, stopped the way an operator would (SIGTERM) or killed like a crash. The subclasses add what
/// tells each program's readiness and the settings it starts with.
/// </summary>
public abstract class ServerProcess(IDictionary<string, string?> settings) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private ChildProcess? process;

    /// <summary>The test's own settings, as environment variables over the subclass's defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = new(settings);

    /// <summary>The process id, once started.</summary>
    public int? Id => process?.Id;

    /// <summary>Everything the process wrote so far, for assertions on logs and for failure messages.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public Task<int> WaitForExit(TimeSpan timeout) => process!.WaitForExit(timeout);

    /// <summary>Stops the process the way an operator would (SIGTERM), waiting for a clean shutdown.</summary>
    public Task<TimeSpan> Stop() => process?.Stop() ?? Task.FromResult(TimeSpan.Zero);

    /// <summary>Kills the process without a shutdown (SIGKILL): a crash, which the cluster has to find out by itself.</summary>
    public Task Kill() => process?.Kill() ?? Task.CompletedTask;

    /// <summary>Sends a signal (<c>TERM</c>, <c>INT</c>) without waiting; see <see cref="WaitForExit"/>.</summary>
    public void Signal(string name) => process!.Signal(name);

    /// <summary>Stops the process if it still runs, asserting a clean exit (see <see cref="ChildProcess.Stop"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stop();
        }
        finally
        {
            process?.Dispose();
        }
    }

    /// <summary>Lines the process has written so far.</summary>
    protected IEnumerable<string> Lines => output;

    /// <summary>
    /// Starts <paramref name="dll"/> (a process started before is let go) with <paramref name="environment"/> and
    /// <see cref="Settings"/> over it.
    /// </summary>
    protected void Launch(string dll, Dictionary<string, string?> environment)
    {
        foreach (var (key, value) in Settings)
        {
            environment[key] = value;
        }

        process?.Dispose();
        process = ChildProcess.Start(dll, environment, output);
    }

    /// <summary>Throws with the process's exit code and its output when it has exited before it was ready.</summary>
    protected async Task ThrowIfExited(string name)
    {
        if (process!.HasExited)
        {
            // WaitForExit drains the output first: the lines a crash writes last (the unhandled exception) are the ones
            // a failure needs.
            throw new InvalidOperationException($"{name} exited with {await process.WaitForExit(TimeSpan.FromSeconds(10))} before it was ready:\n{Output}");
        }
    }
}
