using OroOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Management;

/// <summary>
/// The Orleans Dashboard on a silo's management listener (§8), in a real headless Chromium (Debian's): the browser
/// authenticates with the configured credentials, the page's script runs, calls the dashboard's API, and lists the
/// cluster's silo.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
[Collection(ObservedClusterCollection.Name)]
public sealed class DashboardBrowserTests(ObservedClusterFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Dashboard_InChromium_ListsTheClustersSilos()
    {
        fixture.EnsureAvailable(output);
        var chromium = ExternalTool.Find("chromium", "chromium", output);

        // HTTP Basic from the URL's user info: Chromium answers the dashboard's challenge with it, for the page's
        // script requests too.
        var url = $"http://admin:{fixture.SiloDashboardPassword}@{fixture.SiloManagement.Authority}/dashboard/#/silos";
        var results = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        var screenshot = Path.Combine(results, "dashboard-silos.png");
        File.Delete(screenshot);
        var profile = Directory.CreateTempSubdirectory("oroorleans-chromium-").FullName;
        try
        {
            // Virtual time lets the page's script fetch and render before the DOM is dumped, without a fixed sleep.
            var (exit, dom) = await ExternalTool.Run(chromium, [.. Flags(Path.Combine(profile, "dom")), "--dump-dom", url], TimeSpan.FromSeconds(120));
            Assert.Equal(0, exit);
            var silo = $"#/host/127.0.0.1:{fixture.Silo.SiloPort}@";
            output.WriteLine($"dump-dom: {dom.Length} characters, silo link {silo}: {dom.Contains(silo, StringComparison.Ordinal)}");
            Assert.Contains("Silo Health", dom, StringComparison.Ordinal);
            Assert.Contains(silo, dom, StringComparison.Ordinal);
            Assert.Contains("Active", dom, StringComparison.Ordinal);

            var (shotExit, shotOutput) = await ExternalTool.Run(chromium, [.. Flags(Path.Combine(profile, "shot")), "--window-size=1280,900", $"--screenshot={screenshot}", url], TimeSpan.FromSeconds(120));
            Assert.True(shotExit == 0, shotOutput);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot has content");
            output.WriteLine($"screenshot: {screenshot}");
            Console.WriteLine($"Dashboard screenshot: {screenshot}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string[] Flags(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
    ];
}
