using System.Collections.Concurrent;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real cluster silo process (§9.2: <c>dotnet OroOrleans.Silo.dll</c>) on free loopback ports, joined to a
/// cluster through the PostgreSQL membership table. Extra settings go in as environment variables.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>What the silo logs once it has joined the cluster (Silo/Hosting/SiloReadyBanner.cs).</summary>
    public const string ReadyLine = "OroOrleans silo ready on";

    private readonly ConcurrentQueue<string> output = new();
    private ChildProcess? process;

    public SiloProcess(string name, IDictionary<string, string?> settings)
    {
        Name = name;
        Settings = new Dictionary<string, string?>(settings);
        SiloPort = ChildProcess.FreePort();
        GatewayPort = ChildProcess.FreePort();
        ManagementPort = ChildProcess.FreePort();
    }

    public string Name { get; }
    public Dictionary<string, string?> Settings { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }

    /// <summary>The management listener's port (health, metrics): silos of one test share a machine, not a port.</summary>
    public int ManagementPort { get; }

    /// <summary>The process id, once started.</summary>
    public int? Id => process?.Id;

    /// <summary>Everything the process wrote so far, for failure messages.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>The key-encryption key of every silo of this test run (§6): silos of one cluster must share it.</summary>
    public static readonly string KeyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts the process; see <see cref="WaitUntilReady"/>.</summary>
    public void Launch()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Silo__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__AdvertisedAddress"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Keys__EncryptionKey"] = KeyEncryptionKey,
            ["Management__Urls"] = $"http://127.0.0.1:{ManagementPort}",
        };
        // Mutual TLS between the test cluster's nodes (§9.2); a test leaves it out with TestCertificates.NoTls.
        foreach (var (key, value) in TestCertificates.Environment)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in Settings)
        {
            environment[key] = value;
        }

        process?.Dispose();
        process = ChildProcess.Start(RepositoryPaths.SiloDll, environment, output);
    }

    /// <summary>Waits for the silo's ready line (it has joined the cluster and started its gateway).</summary>
    public async Task WaitUntilReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (output.Any(line => line.Contains(ReadyLine, StringComparison.Ordinal)))
            {
                return;
            }

            if (process!.HasExited)
            {
                // WaitForExit drains the output first: the lines a crash writes last (the unhandled exception) are the
                // ones a failure needs.
                throw new InvalidOperationException($"Silo {Name} exited with {await process.WaitForExit(TimeSpan.FromSeconds(10))} before it was ready:\n{Output}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Silo {Name} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public Task<int> WaitForExit(TimeSpan timeout) => process!.WaitForExit(timeout);

    /// <summary>Stops the silo the way an operator would (SIGTERM): it leaves the cluster cleanly.</summary>
    public Task<TimeSpan> Stop() => process?.Stop() ?? Task.FromResult(TimeSpan.Zero);

    /// <summary>Kills the silo (SIGKILL): a crash, the cluster has to find out by itself.</summary>
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
}
