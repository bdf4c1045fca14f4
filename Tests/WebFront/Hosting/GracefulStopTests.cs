using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>
/// §8's graceful stop, for every role: SIGTERM or Ctrl+C (SIGINT) while logins are in flight ends the process
/// with exit code 0 within 30 s, and every login that had reached it is answered; a stop that lands while the
/// process is still starting ends it with exit code 0 as well.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class GracefulStopTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Logins of one user queue in its grain (one password hash at a time), so a few keep the process busy for a while.
    private const int InFlight = 6;
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-stop-").FullName;
    private readonly TestSeed seed = new();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Standalone_Signal_FinishesInFlightRequestsAndExitsZero(string signal)
    {
        await using var server = new WebFrontProcess(Path.Combine(root, signal), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["RateLimits__Enabled"] = "false",
        });
        await server.Start();
        await StopUnderLogins(server.CreateClient(), () => server.Signal(signal), server.WaitForExit, "standalone", () => server.Output);
    }

    [SkippableFact]
    [Trait("Category", TestCategories.Postgres)]
    public async Task ClientModeFrontEndAndSilo_Sigterm_FinishInFlightRequestsAndExitZero()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);

        var serviceId = $"oro-stop-{Guid.NewGuid():N}";
        var cluster = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId + "-cluster",
            // At least three times the front end's response timeout below, on both (a front end refuses to start
            // otherwise).
            ["Tokens__RefreshRetryWindow"] = "00:01:00",
        };
        await using var front = new WebFrontProcess(Path.Combine(root, "front"), new Dictionary<string, string?>(cluster)
        {
            ["Orleans__Mode"] = "Client",
            ["RateLimits__Enabled"] = "false",
            // Queued password hashes on a loaded machine may take longer than the 5 s default; what is tested here
            // is that the stop lets them finish, not how fast they are.
            ["Orleans__ResponseTimeout"] = "00:00:20",
        });
        await using var silo = new SiloProcess("silo", new Dictionary<string, string?>(cluster)
        {
            ["Tokens__Issuer"] = front.Issuer,
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
        });
        silo.Launch();
        await silo.WaitUntilReady(TimeSpan.FromSeconds(60));
        await front.Start();

        await StopUnderLogins(front.CreateClient(), () => front.Signal("TERM"), front.WaitForExit, "client-mode front end", () => front.Output);

        // The silo's in-flight work is the grain calls of a front end; a second front end keeps it busy.
        await using var second = new WebFrontProcess(Path.Combine(root, "front2"), new Dictionary<string, string?>(cluster)
        {
            ["Orleans__Mode"] = "Client",
            ["RateLimits__Enabled"] = "false",
            ["Tokens__Issuer"] = front.Issuer,
        });
        await second.Start();
        var clock = Stopwatch.StartNew();
        silo.Signal("TERM");
        var code = await silo.WaitForExit(ChildProcess.StopDeadline);
        output.WriteLine($"silo: exit code {code} {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.True(code == 0, $"the silo exited with {code} after SIGTERM:\n{silo.Output}");
    }

    [SkippableFact]
    [Trait("Category", TestCategories.Postgres)]
    public async Task ClientModeFrontEnd_SigtermWhileWaitingForItsFirstGateway_ExitsZero()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        // A cluster of its own with no silo: the front end's start waits for a gateway until it is stopped.
        var serviceId = $"oro-early-stop-{Guid.NewGuid():N}";
        await using var front = new WebFrontProcess(Path.Combine(root, "early"), new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId + "-cluster",
            ["Orleans__Mode"] = "Client",
        });
        front.Launch();
        var waited = Stopwatch.StartNew();
        while (!front.Output.Contains("Could not find any gateway", StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the front end never said it was waiting for a gateway:\n" + front.Output);
            Assert.False(front.Id is null, "the front end did not start");
            await Task.Delay(100);
        }

        var clock = Stopwatch.StartNew();
        front.Signal("TERM");
        var code = await front.WaitForExit(ChildProcess.StopDeadline);
        output.WriteLine($"front end waiting for a gateway: exit code {code} {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.True(code == 0, $"the front end exited with {code} after SIGTERM while starting:\n{front.Output}");
        Assert.Contains("OroOrleans stopped before its start had finished", front.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", front.Output, StringComparison.Ordinal);
    }

    /// <summary>Starts <see cref="InFlight"/> logins, signals once the first is answered, and checks every one and the exit.</summary>
    private async Task StopUnderLogins(HttpClient http, Action signal, Func<TimeSpan, Task<int>> waitForExit, string role, Func<string> log)
    {
        using (http)
        {
            // Warm the connections and the grains, so the logins below are being worked on when the signal lands.
            await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
            var logins = Enumerable.Range(0, InFlight).Select(_ => TokenClient.PostForm(http, new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = seed.BackofficeClientId,
                ["client_secret"] = seed.BackofficeSecret,
                ["username"] = seed.AdminUsername,
                ["password"] = seed.AdminPassword,
            })).ToArray();
            await Task.WhenAny(logins);
            var clock = Stopwatch.StartNew();
            signal();
            var code = await waitForExit(ChildProcess.StopDeadline);
            var statuses = new List<HttpStatusCode>();
            foreach (var login in logins)
            {
                using var response = await login;
                statuses.Add(response.StatusCode);
            }

            output.WriteLine($"{role}: exit code {code} {clock.Elapsed.TotalSeconds:F1} s after the signal; {InFlight} logins in flight answered {string.Join(' ', statuses.Select(s => (int)s))}");
            Assert.True(code == 0 && statuses.All(s => s == HttpStatusCode.OK), $"{role} did not stop cleanly:\n{log()}");
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
