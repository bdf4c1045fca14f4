using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real nginx (Debian's nginx-light, which scripts/test.sh installs) running the load balancer we ship:
/// <c>deploy/nginx.conf</c> and the <c>deploy/nginx-oroorleans.conf</c> it includes, with local paths, one loopback
/// port and the given front ends as its upstream.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly ConcurrentQueue<string> output = new();

    private NginxProcess(string executable, string directory, int port)
    {
        this.directory = directory;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo(executable, ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>nginx's path, or null when it is not installed.</summary>
    public static string? Executable => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public int Port { get; }
    public Uri BaseAddress { get; }
    public int Id => process.Id;

    /// <summary>nginx's directory: its configuration, logs and temporary files (<c>client_body_temp</c>, …).</summary>
    public string Home => directory;

    /// <summary>What nginx wrote: its standard streams and its error log.</summary>
    public string Output
    {
        get
        {
            var log = Path.Combine(directory, "logs", "error.log");
            return string.Join('\n', output) + (File.Exists(log) ? "\n" + File.ReadAllText(log) : "");
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>nginx's path; the test is skipped when it is not installed, and fails when CI is set (there it must run).</summary>
    public static string RequireExecutable()
    {
        if (Executable is { } path)
        {
            return path;
        }

        const string Message = "nginx is not installed (scripts/test.sh installs nginx-light)";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(Message + "; CI is set, so this test must run.");
        }

        throw new SkipException(Message);
    }

    /// <summary>
    /// Writes the shipped configuration (see <see cref="Render"/>) into a directory of its own and starts nginx on it, on
    /// <paramref name="port"/> or a free loopback port, waiting until it answers. The directory is one the workers can
    /// reach: run as root, nginx's workers are <c>nobody</c>, and a test's own temporary directory (0700) would leave
    /// them no place to buffer a request body over 16 KiB (nginx's 500).
    /// </summary>
    public static async Task<NginxProcess> Start(IEnumerable<int> fronts, string extraHttp = "", int? port = null)
    {
        var executable = RequireExecutable();
        port ??= ChildProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("oroorleans-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), Render(directory, port.Value, fronts, extraHttp));
        var nginx = new NginxProcess(executable, directory, port.Value);
        await nginx.WaitUntilAnswering();
        return nginx;
    }

    /// <summary>
    /// <c>deploy/nginx.conf</c> with one worker, its pid, logs and temporary files under <paramref name="directory"/>,
    /// <paramref name="port"/> on loopback, <paramref name="fronts"/> (loopback ports) as the upstream, the shared
    /// server part included by its absolute path, and <paramref name="extraHttp"/> added to the http block. A line of
    /// deploy/nginx.conf this relies on that is missing fails the render, so the tests never run a configuration other
    /// than the shipped one.
    /// </summary>
    public static string Render(string directory, int port, IEnumerable<int> fronts, string extraHttp = "")
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx.conf"));
        var shared = Path.Combine(RepositoryPaths.Root, "deploy", "nginx-oroorleans.conf");
        var config = shipped;
        foreach (var (old, replacement) in new (string Old, string New)[]
        {
            ("worker_processes auto;", "worker_processes 1;"),
            ("error_log /dev/stderr warn;", $"error_log {directory}/logs/error.log warn;"),
            ("pid /tmp/nginx.pid;", $"pid {directory}/nginx.pid;"),
            ("        server webfront1:8080 max_fails=0;\n        server webfront2:8080 max_fails=0;\n",
                string.Concat(fronts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;\n"))),
            ("        listen 8080;\n", $"        listen 127.0.0.1:{port};\n"),
            ("        include nginx-oroorleans.conf;\n", $"        include \"{shared}\";\n"),
        })
        {
            config = config.Contains(old, StringComparison.Ordinal)
                ? config.Replace(old, replacement, StringComparison.Ordinal)
                : throw new InvalidOperationException($"deploy/nginx.conf no longer holds '{old.Trim()}'; update {nameof(NginxProcess)}.{nameof(Render)}");
        }

        var temps = string.Concat(new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }.Select(k => $"    {k}_temp_path {directory}/{k}_temp;\n"));
        var httpOpen = config.IndexOf("http {\n", StringComparison.Ordinal) + "http {\n".Length;
        return config[..httpOpen] + temps + extraHttp + config[httpOpen..];
    }

    /// <summary>Sends a signal (<c>TERM</c> fast shutdown, <c>QUIT</c> graceful) and returns nginx's exit code.</summary>
    public async Task<int> Stop(string signal = "TERM")
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }

            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(stopped.Token);
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Until nginx answers anything on its port (a front end behind it need not be up).</summary>
    private async Task WaitUntilAnswering()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("nginx did not answer:\n" + Output);
    }
}
