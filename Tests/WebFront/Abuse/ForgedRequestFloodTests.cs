using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>
/// §2.7's "refuse cheaply": 50,000 requests with made-up client ids and forged refresh tokens, over real HTTP on
/// loopback, leave at most 1,000 activations and the server's memory within 50 MB of where it was. The server has
/// its limits off (the default fixture's), so what is measured is the cheap checks, not the budgets.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed partial class ForgedRequestFloodTests(WebFrontFixture fixture, ITestOutputHelper output) : IClassFixture<WebFrontFixture>
{
    private const int Requests = 50_000;
    private const int Concurrency = 16;

    [Fact]
    public async Task FiftyThousandForgedRequests_LeaveFewActivations_AndMemoryWithin50MB()
    {
        using var http = fixture.CreateClient();
        // Warm up every path once, so the baseline includes the code and caches a single request brings in.
        await Flood(http, 2_000, TimeSpan.FromMinutes(1));
        var activationsBefore = await ActivationsCreated(http);
        Assert.True(activationsBefore > 0, "the scrape shows no activation at all: the figure would prove nothing");
        var memoryBefore = await SettledRss();

        var watch = Stopwatch.StartNew();
        var sent = await Flood(http, Requests, TimeSpan.FromMinutes(3));
        watch.Stop();

        var activations = await ActivationsCreated(http) - activationsBefore;
        var memoryAfter = await SettledRss();
        var grown = (memoryAfter - memoryBefore) / (1024.0 * 1024.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sent} forged requests in {watch.Elapsed.TotalSeconds:F1} s: {activations} activations created, RSS {memoryBefore / 1048576.0:F0} MB -> {memoryAfter / 1048576.0:F0} MB ({grown:+0.0;-0.0} MB)"));

        Assert.Equal(Requests, sent);
        Assert.True(activations <= 1_000, $"{activations} activations");
        Assert.True(grown < 50, $"memory grew by {grown:F1} MB");
    }

    /// <summary>Sends <paramref name="count"/> forged requests, each answered with its refusal; returns how many were.</summary>
    private async Task<int> Flood(HttpClient http, int count, TimeSpan deadline)
    {
        using var stop = new CancellationTokenSource(deadline);
        var next = -1;
        var answered = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !stop.IsCancellationRequested)
            {
                var (path, fields, status) = Forged(i);
                using var response = await TokenClient.PostForm(http, fields, path: path);
                Assert.True((int)response.StatusCode == status, $"request {i} to {path}: {(int)response.StatusCode}");
                Interlocked.Increment(ref answered);
            }
        });
        await Task.WhenAll(workers);
        return answered;
    }

    // Four kinds in turn: a made-up client id of the wrong shape, a forged refresh token naming a random family (with
    // the real client), and the same forged token at revoke (200, RFC 7009 §2.2) and introspect ({"active":false}).
    private (string Path, Dictionary<string, string> Fields, int Status) Forged(int i)
    {
        var seed = fixture.Seed;
        return (i % 4) switch
        {
            0 => ("/oauth2-token", new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = MadeUpClientId(i),
                ["client_secret"] = "whatever",
                ["username"] = "admin",
                ["password"] = "whatever",
            }, 401),
            1 => ("/oauth2-token", new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = seed.BackofficeClientId,
                ["client_secret"] = seed.BackofficeSecret,
                ["refresh_token"] = ForgedRefreshToken(seed.BackofficeClientId),
            }, 400),
            2 => ("/oauth2-token/revoke", new Dictionary<string, string>
            {
                ["client_id"] = seed.BackofficeClientId,
                ["client_secret"] = seed.BackofficeSecret,
                ["token"] = ForgedRefreshToken(seed.BackofficeClientId),
            }, 200),
            _ => ("/oauth2-token/introspect", new Dictionary<string, string>
            {
                ["client_id"] = seed.BackofficeClientId,
                ["client_secret"] = seed.BackofficeSecret,
                ["token"] = ForgedRefreshToken(seed.BackofficeClientId),
            }, 200),
        };
    }

    private static string MadeUpClientId(int i) => (i % 3) switch
    {
        0 => Guid.NewGuid().ToString("N")[..31],
        1 => Guid.NewGuid().ToString("N") + "x",
        _ => Guid.NewGuid().ToString("N")[..31] + "-",
    };

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>A refresh token of the right form, signed with a key the server never had, naming a random family.</summary>
    private string ForgedRefreshToken(string clientId)
    {
        var now = DateTimeOffset.UtcNow;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = fixture.Server.Issuer,
            Audience = clientId,
            TokenType = "rt+jwt",
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddDays(30).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "admin",
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["fid"] = Guid.NewGuid().ToString("N"),
                ["gen"] = 0,
                ["fiat"] = now.ToUnixTimeSeconds(),
                ["uid"] = "1",
                ["uep"] = 1,
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "forged" }, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Activations the server's silo has created, from its Prometheus scrape (Orleans' catalog meter).</summary>
    private static async Task<long> ActivationsCreated(HttpClient http)
    {
        // The exporter caches a scrape briefly: wait past it so the figure is current.
        await Task.Delay(1500);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return ActivationCreatedLine().Matches(metrics).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The server's resident memory, read after it has had a moment to collect.</summary>
    private async Task<long> SettledRss()
    {
        await Task.Delay(3000);
        var status = await File.ReadAllLinesAsync($"/proc/{fixture.Server.ProcessId}/status");
        var kb = status.Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"^orleans_catalog_activation_created_total\{[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex ActivationCreatedLine();
}
