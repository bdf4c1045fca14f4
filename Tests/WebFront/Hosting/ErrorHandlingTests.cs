using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OroOrleans.Grains;
using OroOrleans.WebFront.Hosting;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>
/// The front end's last line over real HTTP (Kestrel on loopback): a cluster fault that reaches it is a JSON:API
/// 503 with <c>Retry-After</c> and one warning naming the fault's types, never the exception's text (a silo's
/// message names grain ids, and a login name is one); a bug is a 500 and keeps the middleware's error log.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ErrorHandlingTests(ITestOutputHelper output)
{
    private const string Login = "alice@example.com";

    [Fact]
    public async Task ClusterFault_Is503_WithOneWarningNamingItsTypes_AndNoTextOfIt()
    {
        await using var app = await StartAsync();
        using var http = Client(app);

        using var response = await http.GetAsync(new Uri("/api/probe/unavailable", UriKind.Relative));
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        foreach (var record in logs.Where(r => r.Level >= LogLevel.Warning))
        {
            output.WriteLine($"{record.Level} {record.Id.Id} {record.Category}: {record.Message}");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("temporarily unavailable", error.GetProperty("title").GetString());

        var warning = Assert.Single(logs, r => r.Id.Id == LogEvents.ErrorHandlingUnavailable);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("GET /api/probe/unavailable failed: cluster unavailable (OrleansException > TimeoutException)", warning.Message);
        Assert.DoesNotContain(logs, r => r.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs, r => r.Message.Contains(Login, StringComparison.Ordinal) || r.Exception is not null);
    }

    [Fact]
    public async Task Bug_Is500_AndKeepsTheMiddlewaresErrorLog()
    {
        await using var app = await StartAsync();
        using var http = Client(app);

        using var response = await http.GetAsync(new Uri("/api/probe/bug", UriKind.Relative));
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("server error", error.GetProperty("title").GetString());
        var logged = Assert.Single(logs, r => r.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.DoesNotContain(logs, r => r.Id.Id == LogEvents.ErrorHandlingUnavailable);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        var app = builder.Build();
        app.UseOroErrorHandling();
        app.MapGet("/api/probe/unavailable", string () =>
            throw new OrleansException($"Error from storage provider during ReadStateAsync for grain login/sf:{Login}", new TimeoutException()));
        app.MapGet("/api/probe/bug", string () => throw new InvalidOperationException("a bug"));
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
    };
}
