using System.Net;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>The Prometheus scrape endpoint carries our meter and Orleans' (§8).</summary>
[Collection(WebFrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class MetricsTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Metrics_CountRefusalsByErrorAndTimeRequests()
    {
        using var http = fixture.CreateClient();
        using var refused = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = fixture.Seed.BackofficeClientId, ["client_secret"] = "wrong-secret",
            ["username"] = "x", ["password"] = "y",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The exporter caches a scrape briefly; poll until the refusal shows.
        string metrics = "";
        for (var attempt = 0; attempt < 30 && !metrics.Contains("oroorleans_token_failures", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(500);
            metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }

        Assert.Matches("oroorleans_token_failures(_total)?\\{[^}]*error=\"invalid_client\"[^}]*\\} [1-9]", metrics);
        Assert.Contains("oroorleans_token_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Seed.BackofficeSecret, metrics, StringComparison.Ordinal);
    }
}
