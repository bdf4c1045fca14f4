using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>
/// §2.7 behind the shipped load balancer (<see cref="NginxProcess"/>: <c>deploy/nginx.conf</c> and the server part it
/// shares with the local cluster script, <c>deploy/nginx-oroorleans.conf</c>) in front of a front end, and a first
/// nginx hop that stands for two clients by setting <c>X-Forwarded-For</c> to two different addresses. The front end trusts the load balancer (loopback), reads the
/// nearest untrusted forwarded address, and gives the two clients two budgets.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class NginxForwardedBudgetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int GuestBudget = 3;
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-nginx-").FullName;
    private readonly TestSeed seed = new();
    private NginxProcess? nginx;

    [SkippableFact]
    public async Task TwoForwardedAddresses_GetTwoBudgets()
    {
        NginxProcess.RequireExecutable();
        await using var front = new WebFrontProcess(Path.Combine(root, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["RateLimits__GuestPerIpPerMinute"] = GuestBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await front.Start();

        // A first hop with one listener per simulated client, each naming its client in X-Forwarded-For.
        var (lbPort, clientA, clientB) = (ChildProcess.FreePort(), ChildProcess.FreePort(), ChildProcess.FreePort());
        var hops = string.Concat(new[] { (clientA, "198.51.100.1"), (clientB, "198.51.100.2") }.Select(c =>
            $"    server {{\n        listen 127.0.0.1:{c.Item1};\n        location / {{\n            proxy_pass http://127.0.0.1:{lbPort};\n" +
            $"            proxy_set_header X-Forwarded-For {c.Item2};\n        }}\n    }}\n"));
        nginx = await NginxProcess.Start([front.Port], hops, lbPort);

        using var viaA = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{clientA}"), Timeout = TimeSpan.FromSeconds(30) };
        using var viaB = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{clientB}"), Timeout = TimeSpan.FromSeconds(30) };

        var a = await GuestLogins(viaA, GuestBudget + 2);
        var b = await GuestLogins(viaB, GuestBudget + 2);
        output.WriteLine($"through nginx, forwarded 198.51.100.1: {string.Join(' ', a)}; forwarded 198.51.100.2: {string.Join(' ', b)}");
        Assert.Equal([.. Enumerable.Repeat(200, GuestBudget), 429, 429], a);
        Assert.Equal([.. Enumerable.Repeat(200, GuestBudget), 429, 429], b);

        // nginx stops cleanly on SIGTERM (fast shutdown).
        Assert.Equal(0, await nginx.Stop("TERM"));
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (nginx is not null)
        {
            await nginx.DisposeAsync();
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
