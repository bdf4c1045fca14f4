using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Management;

/// <summary>
/// The shipped monitoring works (§8): Debian's Prometheus runs <c>deploy/prometheus/prometheus.yml</c> against a live
/// cluster (its targets replaced by the test cluster's management listeners, its intervals shortened to 1 s),
/// <c>promtool</c> accepts the rules, and after some traffic every query of the alert rules and of the Grafana
/// dashboard returns a number.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
[Collection(ObservedClusterCollection.Name)]
public sealed partial class PrometheusTests(ObservedClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly string Deploy = Path.Combine(RepositoryPaths.Root, "deploy");

    [SkippableFact]
    public async Task Prometheus_RulesPass_AndEveryRuleAndDashboardQueryReturnsData()
    {
        fixture.EnsureAvailable(output);
        var prometheus = ExternalTool.Find("prometheus", "prometheus", output);
        var promtool = ExternalTool.Find("promtool", "prometheus", output);
        var clock = Stopwatch.StartNew();

        var (rulesExit, rulesOutput) = await ExternalTool.Run(promtool, ["check", "rules", Path.Combine(Deploy, "prometheus", "alerts.yml")], TimeSpan.FromSeconds(30));
        output.WriteLine(rulesOutput.Trim());
        Assert.Equal(0, rulesExit);

        var directory = Directory.CreateTempSubdirectory("oroorleans-prometheus-").FullName;
        var config = WriteConfiguration(directory);
        var (configExit, configOutput) = await ExternalTool.Run(promtool, ["check", "config", config], TimeSpan.FromSeconds(30));
        Assert.True(configExit == 0, configOutput);

        var port = ChildProcess.FreePort();
        using var server = ExternalTool.Start(prometheus, [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"]);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitUntil(async () => await Status(api, "/-/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Prometheus ready\n" + string.Join('\n', log));
            // Both jobs scraped once before the traffic, so the counters' rates see it rise.
            await WaitUntil(async () => (await Query(api, "count(up == 1)"))?.Value == 2, TimeSpan.FromSeconds(20), "both targets up");
            await Traffic();

            var queries = RuleQueries().Concat(DashboardQueries()).ToArray();
            var results = new Dictionary<string, double?>();
            await WaitUntil(async () =>
            {
                foreach (var (name, query) in queries)
                {
                    if (results.GetValueOrDefault(name) is not { } value || double.IsNaN(value))
                    {
                        results[name] = (await Query(api, query))?.Value;
                    }
                }

                return results.Values.All(v => v is { } x && !double.IsNaN(x));
            }, TimeSpan.FromSeconds(30), "every query returns data");
            foreach (var (name, query) in queries)
            {
                output.WriteLine($"{results[name],12:G4}  {name}: {query}");
            }

            // The rules themselves (thresholds included) evaluate without error, and the reuse alert fires.
            var rules = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative)))!["data"]!["groups"]![0]!["rules"]!.AsArray();
            foreach (var rule in rules)
            {
                output.WriteLine($"rule {rule!["name"]}: health {rule["health"]}, state {rule["state"]}");
                Assert.Equal("ok", (string?)rule["health"]);
            }

            Assert.Equal("firing", (string?)rules.Single(r => (string?)r!["name"] == "OroOrleansRefreshReuseDetected")!["state"]);
            output.WriteLine($"whole test: {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            if (!server.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term!.WaitForExitAsync();
                }

                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await server.WaitForExitAsync(cts.Token);
            }

            Directory.Delete(directory, recursive: true);
        }

        Assert.Equal(0, server.ExitCode);
    }

    /// <summary>The shipped configuration with the test cluster as targets and 1 s intervals.</summary>
    private string WriteConfiguration(string directory)
    {
        var source = Path.Combine(Deploy, "prometheus");
        var config = Path.Combine(directory, "prometheus.yml");
        var text = File.ReadAllText(Path.Combine(source, "prometheus.yml"));
        Assert.Contains("scrape_interval: 15s", text, StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal));
        File.Copy(Path.Combine(source, "alerts.yml"), Path.Combine(directory, "alerts.yml"));
        Directory.CreateDirectory(Path.Combine(directory, "targets"));
        File.WriteAllText(Path.Combine(directory, "targets", "silos.yml"), $"- targets: [\"{fixture.SiloManagement.Authority}\"]\n");
        File.WriteAllText(Path.Combine(directory, "targets", "webfronts.yml"), $"- targets: [\"{fixture.FrontManagement.Authority}\"]\n");
        return config;
    }

    /// <summary>Logins, a refused password, a refresh and a reuse (which revokes a family), spread over a few seconds.</summary>
    private async Task Traffic()
    {
        using var http = fixture.Front.CreateClient();
        for (var round = 0; round < 3; round++)
        {
            var login = await FamilyClient.LoginJohn(http, fixture.Seed);
            // Presented again while its successor is unused it is a retry (§3); once the successor was used, reuse.
            var second = await FamilyClient.Rotate(http, fixture.Seed, login.RefreshToken);
            await FamilyClient.Rotate(http, fixture.Seed, second.RefreshToken);
            using var reuse = await FamilyClient.Refresh(http, fixture.Seed, login.RefreshToken);
            Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
            using var refused = await TokenClient.PostForm(http, new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = fixture.Seed.BackofficeClientId, ["client_secret"] = fixture.Seed.BackofficeSecret,
                ["username"] = fixture.Seed.UserUsername, ["password"] = "wrong",
            });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            await Task.Delay(1000);
        }
    }

    /// <summary>Each alert's query without its comparison: "sum(…) > 0.25" is asked as "sum(…)".</summary>
    private static IEnumerable<(string, string)> RuleQueries()
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "prometheus", "alerts.yml"));
        var rules = AlertRule().Matches(text).Select(m => (m.Groups["name"].Value, m.Groups["expr"].Value.Trim())).ToArray();
        Assert.Equal(6, rules.Length);
        foreach (var (name, expr) in rules)
        {
            var query = Threshold().Match(expr);
            Assert.True(query.Success, $"{name}: '{expr}' is not '<query> <comparison> <number>'");
            yield return ($"alert {name}", query.Groups["query"].Value);
        }
    }

    /// <summary>Every target of every Grafana panel, with Grafana's interval variables set as Grafana would.</summary>
    private static IEnumerable<(string, string)> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana", "oroorleans.json")))!;
        var panels = dashboard["panels"]!.AsArray();
        Assert.True(panels.Count >= 10, "the dashboard has its panels");
        foreach (var panel in panels)
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var expr = ((string)target!["expr"]!).Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "10m", StringComparison.Ordinal);
                yield return ($"panel '{panel["title"]}' {target["refId"]}", expr);
            }
        }
    }

    private static async Task<(double Value, int Series)?> Query(HttpClient api, string query)
    {
        var body = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative)))!;
        Assert.Equal("success", (string?)body["status"]);
        var result = body["data"]!["result"]!.AsArray();
        if (result.Count == 0)
        {
            return null;
        }

        // The first series that has a number (a rate over no traffic is NaN).
        var values = result.Select(r => double.Parse((string)r!["value"]![1]!, CultureInfo.InvariantCulture)).ToArray();
        return (values.FirstOrDefault(v => !double.IsNaN(v), double.NaN), result.Count);
    }

    private static async Task<HttpStatusCode?> Status(HttpClient api, string path)
    {
        try
        {
            using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(500);
        }
    }

    [GeneratedRegex(@"- alert: (?<name>\S+)\s*\n(?:\s*#.*\n)*\s*expr: (?<expr>.+)")]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"^(?<query>.+?)\s*(==|!=|>=|<=|>|<)\s*[0-9.]+$")]
    private static partial Regex Threshold();
}
