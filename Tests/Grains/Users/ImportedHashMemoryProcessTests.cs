using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>
/// §5, measured on a real WebFront process: wrong passwords for many imported argon2id accounts at once (the attack of
/// one IP per request) raise the process's peak resident memory by at most <c>Passwords:ImportedHashMemoryMiB</c> and a
/// margin, not by one memory cost per request; every answer is <c>invalid_grant</c> or <c>503
/// temporarily_unavailable</c>; and the right password still logs in afterwards.
/// </summary>
[Trait("Category", TestCategories.Process)]
[UnsupportedOSPlatform("windows")]
public sealed class ImportedHashMemoryProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 12;
    private const int CostMiB = 64;
    private const int BudgetMiB = 256;

    /// <summary>
    /// What else the process may add to its peak during the burst: twelve requests' buffers and grain activations, the
    /// thread stacks of the blocked verifications, heap the collector keeps. Measured with libsodium, which unmaps a
    /// verification's memory as it returns: 0–1 MiB above the budget (growth 256 MiB); with the managed Isopoh, whose
    /// memory stayed until a full collection, 60–80 MiB above it; without the limiter 864 MiB.
    /// </summary>
    private const int MarginMiB = 48;

    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-argon-memory-").FullName;

    [Fact]
    public async Task ConcurrentWrongPasswords_ForImportedArgon2idAccounts_StayWithinTheMemoryBudget()
    {
        var clock = Stopwatch.StartNew();
        var seed = new TestSeed();
        var gatewayPort = ChildProcess.FreePort();
        await using var server = new WebFrontProcess(Path.Combine(root, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["Standalone__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            // Twelve logins from 127.0.0.1 stand for twelve addresses; the per-IP limits are not what is tested.
            ["RateLimits__Enabled"] = "false",
            ["Passwords__ImportedHashMemoryMiB"] = BudgetMiB.ToString(CultureInfo.InvariantCulture),
            // A silo of 16 cores: the token issuer runs one activation per core and each waits for its user grain, so on
            // a 2-core test machine no more than two verifications would ever run at once, limiter or not.
            ["DOTNET_PROCESSOR_COUNT"] = "16",
        });
        await server.Start();

        // Oro's hashes as the import stores them, made here by the same library: PHP's argon2id default of 64 MiB.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var password = "oro-" + tag;
        var heavy = Argon2.Hash(password, 1, CostMiB * 1024, 1, Argon2Type.HybridAddressing);
        var light = Argon2.Hash(password, 1, 1024, 1, Argon2Type.HybridAddressing);
        var emails = Enumerable.Range(0, Customers).Select(i => $"argon-{tag}-{i}@example.com").ToArray();
        var warmEmail = $"warm-{tag}@example.com";
        await CreateCustomers(gatewayPort, [.. emails.Select(e => (e, heavy)), (warmEmail, light)]);
        output.WriteLine($"started and imported {Customers + 1} customers in {clock.Elapsed.TotalSeconds:F1} s");

        // A verification of 64 MiB takes ~140 ms of a core here, and the burst queues for the budget on a loaded machine.
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        // One wrong password on a 1 MiB hash loads and compiles the whole path without raising the peak by 64 MiB.
        using (var warm = await WrongPassword(http, seed, warmEmail))
        {
            await TokenClient.AssertError(warm, 400, "invalid_grant");
        }

        var before = PeakKiB(server.ProcessId);
        var burst = Stopwatch.StartNew();
        var answers = await Task.WhenAll(emails.Select(async email =>
        {
            using var response = await WrongPassword(http, seed, email);
            return ((int)response.StatusCode, (await TokenClient.Json(response))["error"]?.GetValue<string>(), response.Headers.RetryAfter?.Delta);
        }));
        burst.Stop();
        var after = PeakKiB(server.ProcessId);
        var growthMiB = (after - before) / 1024.0;

        var refused = answers.Count(a => a.Item1 == 400);
        var unavailable = answers.Count(a => a.Item1 == 503);
        output.WriteLine($"VmHWM before {before / 1024.0:F0} MiB, after {after / 1024.0:F0} MiB: growth {growthMiB:F0} MiB "
            + $"(budget {BudgetMiB} MiB + margin {MarginMiB} MiB; {Customers} x {CostMiB} MiB = {Customers * CostMiB} MiB unbounded)");
        output.WriteLine($"{Customers} concurrent wrong passwords in {burst.Elapsed.TotalSeconds:F1} s: {refused} invalid_grant, {unavailable} temporarily_unavailable");

        Assert.All(answers, a => Assert.True(
            (a.Item1, a.Item2) is (400, "invalid_grant") || ((a.Item1, a.Item2) is (503, "temporarily_unavailable") && a.Item3 > TimeSpan.Zero),
            $"expected 400 invalid_grant or 503 temporarily_unavailable with Retry-After, got {a.Item1} {a.Item2}"));
        Assert.True(growthMiB <= BudgetMiB + MarginMiB,
            $"the peak grew by {growthMiB:F0} MiB, above the budget of {BudgetMiB} MiB and the margin of {MarginMiB} MiB");

        // Each refusal for memory is logged at Warning, without the password or the hash.
        Assert.Equal(unavailable, server.Output.Split('\n').Count(l => l.Contains("not checked: its imported argon2id hash needs 64 MiB", StringComparison.Ordinal)));
        Assert.DoesNotContain(heavy, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-", server.Output, StringComparison.Ordinal);

        // An answer of 503 counted nothing, and no account is locked by one wrong password: the right one logs in,
        // and its first success replaces Oro's hash with ours.
        var login = await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, emails[0], password);
        Assert.NotNull(login["access_token"]);
        output.WriteLine($"whole test {clock.Elapsed.TotalSeconds:F1} s");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private static Task<HttpResponseMessage> WrongPassword(HttpClient http, TestSeed seed, string email) => TokenClient.PostForm(http, new Dictionary<string, string>
    {
        ["grant_type"] = "password",
        ["client_id"] = seed.StorefrontClientId,
        ["client_secret"] = seed.StorefrontSecret,
        ["username"] = email,
        ["password"] = "wrong-" + Guid.NewGuid().ToString("N"),
    });

    /// <summary>Creates storefront customers with imported hashes the way <c>import customers</c> does, through the silo's gateway.</summary>
    private static async Task CreateCustomers(int gatewayPort, IReadOnlyList<(string Email, string Hash)> customers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = ("oroorleans", "oroorleans"));
        });
        using var host = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(deadline.Token);
        try
        {
            var accounts = host.Services.GetRequiredService<IClusterClient>().GetGrain<IAccountsGrain>(UserIds.DirectoryKey(ApplicationKind.Storefront));
            foreach (var (email, hash) in customers)
            {
                var created = await accounts.CreateUser(new UserSpec(ApplicationKind.Storefront, null, email, "", [], true, hash));
                Assert.Equal(CreateUserError.None, created.Error);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in KiB.</summary>
    private static long PeakKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
