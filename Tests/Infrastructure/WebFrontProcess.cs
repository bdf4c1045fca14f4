using System.Collections.Concurrent;
using System.Net;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real WebFront process (Kestrel on a free loopback port, its own co-hosted silo, its own data directory),
/// started from the built assembly. Tests talk to it over real HTTP and can stop and start it for real.
/// </summary>
public sealed class WebFrontProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private ChildProcess? process;

    public WebFrontProcess(string dataDirectory, IDictionary<string, string?> settings)
    {
        DataDirectory = dataDirectory;
        Settings = new Dictionary<string, string?>(settings);
        Port = ChildProcess.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string DataDirectory { get; }

    /// <summary>The process id, once started.</summary>
    public int? Id => process?.Id;
    public Dictionary<string, string?> Settings { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }

    /// <summary>The operating system's id of the running process (for its memory figures).</summary>
    public int ProcessId => process!.Id;
    public string Issuer => BaseAddress.ToString().TrimEnd('/');

    /// <summary>Everything the process wrote so far, for assertions on logs and for failure messages.</summary>
    public string Output => string.Join('\n', output);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task Start(TimeSpan? timeout = null)
    {
        Launch();
        await WaitUntilReady(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a process that is expected to stop by itself (bad configuration); see <see cref="WaitForExit"/>.</summary>
    public void Launch()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString(),
            ["Standalone__DataDirectory"] = DataDirectory,
            ["Tokens__Issuer"] = Issuer,
            ["Logging__LogLevel__Default"] = "Information",
        };
        // A client-mode front end of a test cluster talks mutual TLS to the gateways (§9.2); one given fixed gateways
        // joins a standalone silo, which has no TLS.
        if (Settings.GetValueOrDefault("Orleans__Mode") == "Client" && !Settings.ContainsKey("Orleans__Gateways__0"))
        {
            foreach (var (key, value) in TestCertificates.Environment)
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in Settings)
        {
            environment[key] = value;
        }

        // A client-mode front end opens a management listener (default port 9465): test processes run side by side.
        if (environment.GetValueOrDefault("Orleans__Mode") == "Client" && !environment.ContainsKey("Management__Urls"))
        {
            environment["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        }

        process?.Dispose();
        process = ChildProcess.Start(RepositoryPaths.WebFrontDll, environment, output);
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public Task<int> WaitForExit(TimeSpan timeout) => process!.WaitForExit(timeout);

    /// <summary>Stops the process the way an operator would (SIGTERM), waiting for a clean shutdown.</summary>
    public Task<TimeSpan> Stop() => process?.Stop() ?? Task.FromResult(TimeSpan.Zero);

    /// <summary>Kills the process without a shutdown: a crash.</summary>
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

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                // WaitForExit drains the output first: the lines a crash writes last (the unhandled exception) are the
                // ones a failure needs.
                throw new InvalidOperationException($"WebFront exited with {await process.WaitForExit(TimeSpan.FromSeconds(10))} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"WebFront was not ready within {timeout}:\n{Output}");
    }
}
