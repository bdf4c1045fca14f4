using System.Diagnostics;
using System.Text.Json;

namespace OroOrleans.Tests.Solution;

/// <summary>
/// The project graph as MSBuild evaluates it: a client-mode front end (<c>OroStandalone=false</c>) reaches
/// no server project, so it ships no grains, storage providers or seeding code.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class LayeringTests
{
    private static readonly string[] ServerProjects = ["Grains.csproj", "Silo.Server.csproj", "Silo.csproj"];

    [Fact]
    public async Task ClientModeFrontEnd_ReachesNoServerProject()
    {
        var reached = await ReachableAsync(Path.Combine(RepositoryPaths.Root, "WebFront", "WebFront.csproj"), "-p:OroStandalone=false");

        Assert.Contains("Grains.Interfaces.csproj", reached);
        Assert.Contains("Hosting.Shared.csproj", reached);
        Assert.Empty(reached.Intersect(ServerProjects));
    }

    [Fact]
    public async Task StandaloneFrontEnd_CoHostsTheServer()
    {
        var reached = await ReachableAsync(Path.Combine(RepositoryPaths.Root, "WebFront", "WebFront.csproj"), "-p:OroStandalone=true");

        Assert.Contains("Silo.Server.csproj", reached);
        Assert.Contains("Grains.csproj", reached);
        Assert.DoesNotContain("Silo.csproj", reached);
    }

    [Theory]
    [InlineData("Grains.Interfaces/Grains.Interfaces.csproj")]
    [InlineData("Grains/Shared/Grains.Shared.csproj")]
    [InlineData("Silo/Hosting.Shared/Hosting.Shared.csproj")]
    public async Task SharedLibraries_ReachNoServerProject(string project)
    {
        var reached = await ReachableAsync(Path.Combine(RepositoryPaths.Root, project), "");

        Assert.Empty(reached.Intersect(ServerProjects));
    }

    /// <summary>The file names of every project reachable through ProjectReference items.</summary>
    private static async Task<HashSet<string>> ReachableAsync(string project, string property)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            foreach (var reference in await ReferencesAsync(current, property))
            {
                if (seen.Add(Path.GetFileName(reference)))
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    private static async Task<IReadOnlyList<string>> ReferencesAsync(string project, string property)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "msbuild", project, "-getItem:ProjectReference", property }.Where(a => a.Length > 0))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} exited {process.ExitCode}: {output}");

        using var json = JsonDocument.Parse(output);
        if (!json.RootElement.TryGetProperty("Items", out var items) || !items.TryGetProperty("ProjectReference", out var references))
        {
            return [];
        }

        var directory = Path.GetDirectoryName(project)!;
        return references.EnumerateArray()
            .Select(r => Path.GetFullPath(Path.Combine(directory, r.GetProperty("Identity").GetString()!.Replace('\\', '/'))))
            .ToList();
    }
}
