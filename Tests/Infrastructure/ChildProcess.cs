using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// One run of a built .NET program (<c>dotnet X.dll</c>) with its output captured: the launch, stop and kill code
/// that <see cref="WebFrontProcess"/> and <see cref="SiloProcess"/> share.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly string dll;
    private readonly ConcurrentQueue<string> output;

    private ChildProcess(Process process, string dll, ConcurrentQueue<string> output) =>
        (this.process, this.dll, this.output) = (process, dll, output);

    /// <summary>Whether this process ignores SIGINT (signal 2: mask 0x2 of <c>SigIgn</c> in /proc/self/status), which children inherit.</summary>
    private static readonly Lazy<bool> SigIntIgnored = new(() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0);

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> [arguments]</c> in the dll's folder; every output line goes to <paramref name="output"/>.</summary>
    public static ChildProcess Start(string dll, IEnumerable<KeyValuePair<string, string?>> environment, ConcurrentQueue<string> output, IEnumerable<string>? arguments = null)
    {
        // A program started in the background by a non-interactive shell (`cmd &` in a script, as some CI runners do) inherits
        // SIGINT and SIGQUIT ignored, and .NET keeps an inherited ignore: Ctrl+C would then do nothing to the child,
        // which is not what a test of Ctrl+C means. perl (Debian's perl-base, always installed) restores the default
        // and execs dotnet in the same process, so the child meets SIGINT as it would in a terminal.
        string[] command = SigIntIgnored.Value
            ? ["perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"", "dotnet", dll, .. arguments ?? []]
            : ["dotnet", dll, .. arguments ?? []];
        var info = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            // A null value unsets the variable (a setting the test wants left out).
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, dll, output);
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="dll"/> [arguments]</c> to its end: its exit code, its non-empty output lines
    /// (stdout and stderr) and how long it ran. One still running after <paramref name="timeout"/> is killed and the
    /// timeout thrown.
    /// </summary>
    public static async Task<(int ExitCode, string[] Lines, TimeSpan Elapsed)> RunToExit(string dll, IEnumerable<KeyValuePair<string, string?>> environment,
        TimeSpan timeout, params string[] arguments)
    {
        var output = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var process = Start(dll, environment, output, arguments);
        try
        {
            var exitCode = await process.WaitForExit(timeout);
            return (exitCode, [.. output.Where(l => l.Length > 0)], clock.Elapsed);
        }
        catch (TimeoutException)
        {
            await process.Kill();
            throw;
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Path.GetFileName(dll)} did not exit within {timeout.TotalSeconds} s:\n{string.Join('\n', output)}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>How long a process may take to stop after SIGTERM (§8: every role exits 0 within 30 s).</summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Stops the process the way an operator would (SIGTERM) and asserts that it exits with code 0 within
    /// <see cref="StopDeadline"/>; one that does not is killed and the failure thrown. A process that has exited
    /// already (killed by the test, or stopped by itself and checked by <see cref="WaitForExit"/>) is left as it is.
    /// Returns how long the stop took.
    /// </summary>
    public async Task<TimeSpan> Stop()
    {
        if (process.HasExited)
        {
            return TimeSpan.Zero;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Signal("TERM");
        using var cts = new CancellationTokenSource(StopDeadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Path.GetFileName(dll)} did not stop within {StopDeadline.TotalSeconds} s of SIGTERM:\n{string.Join('\n', output)}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode} after SIGTERM (expected 0):\n{string.Join('\n', output)}");
        }

        return clock.Elapsed;
    }

    /// <summary>Sends a signal (<c>TERM</c>, <c>INT</c>) without waiting.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill!.WaitForExit();
    }

    /// <summary>Kills the process without a shutdown (SIGKILL): a crash.</summary>
    public async Task Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => process.Dispose();

    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A loopback TCP port that was free a moment ago and that no earlier call in this test run returned. The kernel
    /// hands a port it just gave out (and that was closed again) to the next caller too: two processes of one test
    /// were once given the same port (a silo's management port was another silo's cluster port), and the one that
    /// bound second died at its start.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
