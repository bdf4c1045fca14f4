using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>
/// §2.7 behind the shipped load balancer: <c>deploy/nginx.conf</c> (the same proxy block the local cluster script
/// writes) in front of a front end, and a first nginx hop that stands for two clients by setting
/// <c>X-Forwarded-For</c> to two different addresses. The front end trusts the load balancer (loopback), reads the
/// nearest untrusted forwarded address, and gives the two clients two budgets.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class NginxForwardedBudgetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int GuestBudget = 3;
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-nginx-").FullName;
    private readonly TestSeed seed = new();
    private System.Diagnostics.Process? nginx;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> nginxOutput = new();

    [SkippableFact]
    public async Task TwoForwardedAddresses_GetTwoBudgets()
    {
        var nginxPath = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginxPath is null)
        {
            const string Message = "nginx is not installed (scripts/test.sh installs nginx-light)";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(Message + "; CI is set, so this test must run.");
            }

            throw new SkipException(Message);
        }

        await using var front = new WebFrontProcess(Path.Combine(root, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["RateLimits__GuestPerIpPerMinute"] = GuestBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await front.Start();

        var (lbPort, clientA, clientB) = (ChildProcess.FreePort(), ChildProcess.FreePort(), ChildProcess.FreePort());
        var config = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(config, Render(lbPort, front.Port, clientA, clientB));
        var nginxHome = Directory.CreateDirectory(Path.Combine(root, "nginx")).FullName;
        var info = new System.Diagnostics.ProcessStartInfo(nginxPath, ["-p", nginxHome, "-c", config, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        nginx = System.Diagnostics.Process.Start(info)!;
        nginx.ErrorDataReceived += (_, e) => { if (e.Data is not null) nginxOutput.Enqueue(e.Data); };
        nginx.BeginErrorReadLine();
        nginx.BeginOutputReadLine();

        using var viaA = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{clientA}"), Timeout = TimeSpan.FromSeconds(30) };
        using var viaB = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{clientB}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForNginx(viaA);

        var a = await GuestLogins(viaA, GuestBudget + 2);
        var b = await GuestLogins(viaB, GuestBudget + 2);
        output.WriteLine($"through nginx, forwarded 198.51.100.1: {string.Join(' ', a)}; forwarded 198.51.100.2: {string.Join(' ', b)}");
        Assert.Equal([.. Enumerable.Repeat(200, GuestBudget), 429, 429], a);
        Assert.Equal([.. Enumerable.Repeat(200, GuestBudget), 429, 429], b);

        // nginx stops cleanly on SIGTERM (fast shutdown).
        System.Diagnostics.Process.Start("kill", ["-TERM", nginx.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await nginx.WaitForExitAsync(stopped.Token);
        Assert.Equal(0, nginx.ExitCode);
    }

    /// <summary>deploy/nginx.conf with local paths and ports, and a first hop with one listener per simulated client.</summary>
    private string Render(int lbPort, int frontPort, int clientA, int clientB)
    {
        var template = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx.conf"));
        var shipped = template
            .Replace("worker_processes auto;", "worker_processes 1;", StringComparison.Ordinal)
            .Replace("error_log /dev/stderr warn;", $"error_log {root}/nginx-error.log warn;", StringComparison.Ordinal)
            .Replace("pid /tmp/nginx.pid;", $"pid {root}/nginx.pid;", StringComparison.Ordinal)
            .Replace("        server webfront1:8080 max_fails=0;\n        server webfront2:8080 max_fails=0;\n", $"        server 127.0.0.1:{frontPort} max_fails=0;\n", StringComparison.Ordinal)
            .Replace("        listen 8080;\n", $"        listen 127.0.0.1:{lbPort};\n", StringComparison.Ordinal);
        Assert.Contains($"server 127.0.0.1:{frontPort}", shipped, StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{lbPort}", shipped, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", shipped, StringComparison.Ordinal);

        var temps = string.Concat(new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }.Select(k => $"    {k}_temp_path {root}/nginx/{k}_temp;\n"));
        var hops = string.Concat(new[] { (clientA, "198.51.100.1"), (clientB, "198.51.100.2") }.Select(c =>
            $"    server {{\n        listen 127.0.0.1:{c.Item1};\n        location / {{\n            proxy_pass http://127.0.0.1:{lbPort};\n" +
            $"            proxy_set_header X-Forwarded-For {c.Item2};\n        }}\n    }}\n"));
        var httpOpen = shipped.IndexOf("http {\n", StringComparison.Ordinal) + "http {\n".Length;
        return shipped[..httpOpen] + temps + hops + shipped[httpOpen..];
    }

    private async Task<List<int>> GuestLogins(HttpClient http, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await TokenClient.PostForm(http, StorefrontCalls.Guest(seed.StorefrontClientId, seed.StorefrontSecret));
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    private async Task WaitForNginx(HttpClient http)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await http.GetAsync("/health/live");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("nginx did not answer: " + string.Join('\n', nginxOutput));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (nginx is not null)
        {
            if (!nginx.HasExited)
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }

            nginx.Dispose();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
