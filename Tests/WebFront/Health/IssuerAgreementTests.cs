using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Health;

/// <summary>
/// §9.2: front ends and silos must agree on <c>Tokens:Issuer</c>. A front end that does not refuses every token the
/// silos sign for it; it stays not ready, and says why, instead of answering 401 to every client it logged in.
/// </summary>
[Trait("Category", TestCategories.Process)]
[Trait("Category", TestCategories.Postgres)]
public sealed class IssuerAgreementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-issuer-").FullName;

    [SkippableFact]
    public async Task ClientModeFrontEnd_WithAnotherIssuerThanTheSilos_IsNeverReady_AndSaysWhy()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        var serviceId = $"oro-issuer-{Guid.NewGuid():N}";
        var cluster = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId + "-cluster",
            ["Orleans__Mode"] = "Client",
        };
        await using var agreeing = new WebFrontProcess(Path.Combine(root, "agreeing"), cluster);
        // Its own address as issuer (WebFrontProcess's default), which the silo does not use.
        await using var other = new WebFrontProcess(Path.Combine(root, "other"), cluster);
        await using var silo = new SiloProcess("silo", new Dictionary<string, string?>(cluster)
        {
            ["Tokens__Issuer"] = agreeing.Issuer,
        });
        silo.Launch();
        await silo.WaitUntilReady(TimeSpan.FromSeconds(60));

        // The control: a front end that agrees becomes ready on this cluster.
        await agreeing.Start();
        other.Launch();
        using var http = other.CreateClient();
        var clock = Stopwatch.StartNew();
        var live = false;
        var readyAnswers = new List<HttpStatusCode>();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && (!live || readyAnswers.Count < 10))
        {
            await Task.Delay(500);
            try
            {
                live = live || (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
                if (live)
                {
                    readyAnswers.Add((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
                }
            }
            catch (HttpRequestException)
            {
            }
        }

        output.WriteLine($"front end with another issuer: /health/ready answered {string.Join(' ', readyAnswers.Select(s => (int)s))}");
        Assert.True(live, "the front end never answered /health/live:\n" + other.Output);
        Assert.True(readyAnswers.Count >= 10 && readyAnswers.All(s => s == HttpStatusCode.ServiceUnavailable),
            $"/health/ready answered {string.Join(' ', readyAnswers.Select(s => (int)s))}:\n{other.Output}");
        Assert.Contains($"Tokens:Issuer is '{other.Issuer}' here and '{agreeing.Issuer}' on the silos", other.Output, StringComparison.Ordinal);
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
