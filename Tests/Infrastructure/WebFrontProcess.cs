using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real WebFront process (Kestrel on a free loopback port, its own co-hosted silo, its own data directory),
/// started from the built assembly. Tests talk to it over real HTTP and can stop and start it for real.
/// </summary>
public sealed class WebFrontProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    public WebFrontProcess(string dataDirectory, IDictionary<string, string?> settings)
    {
        DataDirectory = dataDirectory;
        Settings = new Dictionary<string, string?>(settings);
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string DataDirectory { get; }
    public Dictionary<string, string?> Settings { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
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
        var info = new ProcessStartInfo("dotnet", [RepositoryPaths.WebFrontDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.WebFrontDll)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        info.Environment["Standalone__DataDirectory"] = DataDirectory;
        info.Environment["Tokens__Issuer"] = Issuer;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in Settings)
        {
            info.Environment[key] = value;
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process!.WaitForExitAsync(cts.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Stops the process the way an operator would (SIGTERM), waiting for a clean shutdown.</summary>
    public async Task Stop()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the process without a shutdown: a crash.</summary>
    public async Task Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        process?.Dispose();
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"WebFront exited with {process.ExitCode} before it was ready:\n{Output}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
