using System.Collections.Concurrent;
using OroOrleans.Tests.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real cluster on PostgreSQL for the silo's commands (<c>OroOrleans.Silo clients …</c>, <c>import …</c>): one
/// silo seeded with <see cref="TestSeed"/>, one client-mode front end, both on a service id of their own, and
/// <see cref="Run"/> to run a command as its own process with nothing but the cluster's settings. Skipped (failed
/// under CI) when no PostgreSQL server is known.
/// </summary>
public sealed class CommandCluster : IAsyncDisposable
{
    private readonly ITestOutputHelper output;
    private readonly WebFrontProcess front;
    private readonly SiloProcess silo;

    private CommandCluster(ITestOutputHelper output, string connectionString, string serviceId, string directory,
        Dictionary<string, string?> settings, TestSeed seed, WebFrontProcess front, SiloProcess silo)
    {
        this.output = output;
        ConnectionString = connectionString;
        ServiceId = serviceId;
        Directory = directory;
        Settings = settings;
        Seed = seed;
        this.front = front;
        this.silo = silo;
    }

    public string ConnectionString { get; }
    public string ServiceId { get; }

    /// <summary>A temporary directory for the test's files (the seed file and the front end's data are in it).</summary>
    public string Directory { get; }

    /// <summary>The settings the silo, the front end and every command share.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public TestSeed Seed { get; }

    public HttpClient CreateClient() => front.CreateClient();

    /// <summary>Starts the silo, then the front end. <paramref name="settings"/> are added to the shared ones.</summary>
    public static async Task<CommandCluster> Start(ITestOutputHelper output, string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        var serviceId = $"oro-{name}-{Guid.NewGuid():N}";
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            shared[key] = value;
        }

        var directory = System.IO.Directory.CreateTempSubdirectory($"oroorleans-{name}-").FullName;
        var seed = new TestSeed();
        var front = new WebFrontProcess(Path.Combine(directory, "front"), new Dictionary<string, string?>(shared)
        {
            ["Orleans__Mode"] = "Client",
            ["RateLimits__Enabled"] = "false",
            // Free ports, not the role defaults, so that tests running side by side never share a management listener.
            ["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
        });
        var silo = new SiloProcess("silo", new Dictionary<string, string?>(shared)
        {
            ["Tokens__Issuer"] = front.Issuer,
            ["Bootstrap__SeedFile"] = seed.WriteTo(directory),
            ["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}",
        });
        var cluster = new CommandCluster(output, connectionString, serviceId, directory, shared, seed, front, silo);
        try
        {
            silo.Launch();
            await silo.WaitUntilReady(TimeSpan.FromSeconds(60));
            await front.Start();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>OroOrleans.Silo</c> with <paramref name="arguments"/> and the cluster's settings, and waits for it to exit.</summary>
    public Task<CommandRun> Run(params string[] arguments) => Run(TimeSpan.FromSeconds(60), arguments);

    /// <summary>As <see cref="Run(string[])"/>, for a command that may take longer than a minute.</summary>
    public async Task<CommandRun> Run(TimeSpan timeout, params string[] arguments)
    {
        var lines = new ConcurrentQueue<string>();
        using var process = Launch(lines, arguments);
        var exitCode = await process.WaitForExit(timeout);
        return Ran(arguments, exitCode, lines);
    }

    /// <summary>Starts <c>OroOrleans.Silo</c> with <paramref name="arguments"/> and the cluster's settings, without waiting; its output goes to <paramref name="lines"/>.</summary>
    public ChildProcess Launch(ConcurrentQueue<string> lines, params string[] arguments)
    {
        // The command is an Orleans client of a cluster that speaks mutual TLS: it presents the cluster's certificate.
        var environment = new Dictionary<string, string?>(Settings) { ["DOTNET_ENVIRONMENT"] = "Production" };
        foreach (var (key, value) in TestCertificates.Environment)
        {
            environment[key] = value;
        }

        return ChildProcess.Start(RepositoryPaths.SiloDll, environment, lines, arguments);
    }

    /// <summary>A launched command's result, written to the test's output.</summary>
    public CommandRun Ran(string[] arguments, int exitCode, IEnumerable<string> lines)
    {
        var run = new CommandRun(exitCode, [.. lines]);
        output.WriteLine($"$ OroOrleans.Silo {string.Join(' ', arguments)}  (exit {exitCode})\n{run.Output}");
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await silo.DisposeAsync();
        }
        finally
        {
            await front.DisposeAsync();
        }
    }
}

/// <summary>A command's exit code and output lines; <see cref="Value"/> reads a <c>key: value</c> line.</summary>
public sealed record CommandRun(int ExitCode, IReadOnlyList<string> Lines)
{
    public string Output => string.Join('\n', Lines);

    public string Value(string key) =>
        Lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
        ?? throw new Xunit.Sdk.XunitException($"no '{key}:' line in:\n{Output}");
}
