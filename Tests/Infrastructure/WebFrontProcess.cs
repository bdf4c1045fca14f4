using System.Net;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real WebFront process (Kestrel on a free loopback port, its own co-hosted silo, its own data directory),
/// started from the built assembly. Tests talk to it over real HTTP and can stop and start it for real.
/// </summary>
public sealed class WebFrontProcess : ServerProcess
{
    public WebFrontProcess(string dataDirectory, IDictionary<string, string?> settings)
        : base(settings)
    {
        DataDirectory = dataDirectory;
        Port = ChildProcess.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string DataDirectory { get; }

    public int Port { get; }
    public Uri BaseAddress { get; }

    /// <summary>The operating system's id of the running process (for its memory figures).</summary>
    public int ProcessId => Id!.Value;
    public string Issuer => BaseAddress.ToString().TrimEnd('/');

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

        // A client-mode front end opens a management listener (default port 9465): test processes run side by side.
        if (Settings.GetValueOrDefault("Orleans__Mode") == "Client" && !Settings.ContainsKey("Management__Urls"))
        {
            environment["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        }

        Launch(RepositoryPaths.WebFrontDll, environment);
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await ThrowIfExited("WebFront");

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
