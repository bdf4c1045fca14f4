using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using OroOrleans.Silo.Management;
using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Management;

/// <summary>
/// Every process is observable (§8): a silo answers health and serves its own meters (a reuse detected in one of its
/// grains shows there), a client-mode front end serves <c>/metrics</c> only on its management listener, the latency
/// histogram has the documented buckets, and one token request is one trace from the front end into the grains.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
[Collection(ObservedClusterCollection.Name)]
public sealed partial class ObservabilityTests(ObservedClusterFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Silo_AnswersHealth_AndItsMetricsShowTheReuseDetectedInItsGrains()
    {
        fixture.EnsureAvailable(output);
        using var management = new HttpClient { BaseAddress = fixture.SiloManagement };
        using (var live = await management.GetAsync(new Uri("/health/live", UriKind.Relative)))
        using (var ready = await management.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }

        var before = Count(await MetricsScrape.Until(fixture.SiloManagement, _ => true), ReuseDetected());
        using var http = fixture.Front.CreateClient();
        var login = await FamilyClient.LoginJohn(http, fixture.Seed);
        // Presented again while its successor is unused it is a retry (§3); once the successor was used, reuse.
        var second = await FamilyClient.Rotate(http, fixture.Seed, login.RefreshToken);
        await FamilyClient.Rotate(http, fixture.Seed, second.RefreshToken);
        using var reuse = await FamilyClient.Refresh(http, fixture.Seed, login.RefreshToken);
        await TokenClient.AssertError(reuse, 400, "invalid_grant", "Token has been revoked");

        var page = await MetricsScrape.Until(fixture.SiloManagement, p => Count(p, ReuseDetected()) > before);
        output.WriteLine($"silo: oroorleans_refresh_reuse_detected_total {before} -> {Count(page, ReuseDetected())}");
        Assert.Equal(before + 1, Count(page, ReuseDetected()));
        Assert.True(Count(page, Revocations("family")) >= 1, "the reuse recorded a family revocation");
        Assert.Contains("service_name=\"oroorleans-silo\"", page, StringComparison.Ordinal);
        // Orleans' own silo meters: activations, storage latency, messaging.
        Assert.Matches("(?m)^orleans_catalog_activations\\{", page);
        Assert.Matches("(?m)^orleans_storage_write_latency_milliseconds_bucket\\{", page);
        Assert.Matches("(?m)^orleans_messaging_sent_messages_size_bytes_bucket\\{|^orleans_messaging_sent_messages_total\\{", page);
    }

    [SkippableFact]
    public async Task FrontEnd_ServesMetricsOnlyOnItsManagementListener()
    {
        fixture.EnsureAvailable(output);
        using var http = fixture.Front.CreateClient();
        using var management = new HttpClient { BaseAddress = fixture.FrontManagement };
        await FamilyClient.LoginJohn(http, fixture.Seed);

        using var publicMetrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal("application/vnd.api+json", publicMetrics.Content.Headers.ContentType?.MediaType);
        using var tokenOnManagement = await management.PostAsync(new Uri("/oauth2-token", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, tokenOnManagement.StatusCode);
        using var readyOnManagement = await management.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyOnManagement.StatusCode);
        // The dashboard is the silos': a client-mode front end is built and run without Orleans' runtime.
        using var dashboard = await management.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);

        var issued = $"oroorleans_tokens_issued_total{{[^}}]*app=\"{fixture.Seed.BackofficeClientId}\"[^}}]*grant_type=\"password\"[^}}]*\\}} [1-9]";
        var page = await MetricsScrape.Until(fixture.FrontManagement, p => Regex.IsMatch(p, issued));
        Assert.Matches(issued, page);
        Assert.Contains("service_name=\"oroorleans-webfront\"", page, StringComparison.Ordinal);
        Assert.Matches("(?m)^oroorleans_revocation_view_lag_seconds\\{[^}]*\\} [0-9.]+", page);
        Assert.Matches("(?m)^orleans_messaging_sent_messages_size_bytes_bucket\\{|^orleans_messaging_sent_messages_total\\{", page);
    }

    [SkippableFact]
    public async Task TokenDuration_HasBucketsFromHalfAMillisecondToTenSeconds_ByGrantType()
    {
        fixture.EnsureAvailable(output);
        using var http = fixture.Front.CreateClient();
        await FamilyClient.LoginJohn(http, fixture.Seed);

        var page = await MetricsScrape.Until(fixture.FrontManagement, p => p.Contains("oroorleans_token_duration_seconds_bucket", StringComparison.Ordinal));
        var bounds = BucketBound().Matches(page).Select(m => m.Groups["le"].Value).Distinct().ToArray();
        output.WriteLine("le: " + string.Join(' ', bounds));
        var expected = OroTelemetry.TokenDurationBuckets.Select(b => b.ToString(CultureInfo.InvariantCulture)).Append("+Inf").ToArray();
        Assert.Equal(expected, bounds);
        Assert.Equal(["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"], bounds);
        // A password login lands in a finite bucket: seconds, not the SDK's millisecond boundaries.
        var below10 = Regex.Match(page, "oroorleans_token_duration_seconds_bucket\\{[^}]*grant_type=\"password\"[^}]*outcome=\"issued\"[^}]*le=\"10\"\\} (?<n>[0-9]+)");
        Assert.True(below10.Success && long.Parse(below10.Groups["n"].Value, CultureInfo.InvariantCulture) >= 1, "a password login below 10 s");
        Assert.Matches("# HELP oroorleans_token_duration_seconds .*grant type", page);
    }

    [SkippableFact]
    public async Task TokenRequest_IsOneTrace_FromTheFrontEndIntoTheGrains()
    {
        fixture.EnsureAvailable(output);
        using var http = fixture.Front.CreateClient();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var parentSpan = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2-token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = fixture.Seed.BackofficeClientId, ["client_secret"] = fixture.Seed.BackofficeSecret,
                ["username"] = fixture.Seed.UserUsername, ["password"] = fixture.Seed.UserPassword,
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{parentSpan}-01");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The silo is another process: it can only know the trace id if the front end carried it along the grain call.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!fixture.Silo.Output.Contains($"TraceId:{traceId}", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var lines = fixture.Silo.Output.Split('\n');
        var scope = Array.FindIndex(lines, l => l.Contains($"TraceId:{traceId}", StringComparison.Ordinal));
        Assert.True(scope >= 0, $"the silo never logged trace {traceId}");
        output.WriteLine(string.Join('\n', lines[Math.Max(0, scope - 1)..Math.Min(lines.Length, scope + 2)]));
        Assert.Contains("Issued a token", string.Join('\n', lines[scope..Math.Min(lines.Length, scope + 3)]), StringComparison.Ordinal);
        // The grain's span has a parent made on the way (the front end's request and Orleans client spans), not ours.
        Assert.DoesNotContain($"ParentId:{parentSpan}", lines[scope], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SiloDashboard_AsksForTheConfiguredCredentials()
    {
        fixture.EnsureAvailable(output);
        using var management = new HttpClient { BaseAddress = fixture.SiloManagement };
        using (var anonymous = await management.GetAsync(new Uri("/dashboard/version", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/version");
        wrong.Headers.Authorization = Basic("admin", "not-the-password");
        using (var refused = await management.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, "/dashboard/version");
        right.Headers.Authorization = Basic("admin", fixture.SiloDashboardPassword);
        using (var allowed = await management.SendAsync(right))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var state = new HttpRequestMessage(HttpMethod.Get, "/dashboard/GrainState?grainId=default&grainType=OroOrleans.Grains.Keys.KeyRingGrain");
        state.Headers.Authorization = Basic("admin", fixture.SiloDashboardPassword);
        using var refusedState = await management.SendAsync(state);
        Assert.Equal(HttpStatusCode.NotFound, refusedState.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static Regex ReuseDetected() => new("(?m)^oroorleans_refresh_reuse_detected_total\\{[^}]*\\} (?<n>[0-9]+)");

    private static Regex Revocations(string kind) => new($"(?m)^oroorleans_revocations_total\\{{[^}}]*kind=\"{kind}\"[^}}]*\\}} (?<n>[0-9]+)");

    private static long Count(string page, Regex series) =>
        series.Matches(page).Sum(m => long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("oroorleans_token_duration_seconds_bucket\\{[^}]*le=\"(?<le>[^\"]+)\"")]
    private static partial Regex BucketBound();
}
