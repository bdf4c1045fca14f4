namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// The silo program's command line, run as a process with a production silo's environment (a connection string to
/// a closed port): <c>--help</c> and a mistyped verb answer at once and start nothing, settings given as arguments
/// still reach the silo's configuration.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class CommandLineTests
{
    /// <summary>What a silo needs to go past its configuration; nothing listens on port 1.</summary>
    private static readonly Dictionary<string, string?> SiloEnvironment = new()
    {
        ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Username=oro;Database=oro;Timeout=2",
        ["Keys__AllowPlaintext"] = "true",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_PrintsTheVerbs_AndExits0_WithoutStartingASilo(string help)
    {
        var (exitCode, lines, elapsed) = await Run(help);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("usage: OroOrleans.Silo ", lines[0], StringComparison.Ordinal);
        foreach (var verb in new[] { " migrate ", " clients ", " import customers " })
        {
            Assert.Contains(lines, l => l.Contains("OroOrleans.Silo" + verb, StringComparison.Ordinal));
        }

        // Only the usage: a silo would have logged its start, or failed on the closed port.
        Assert.All(lines, l => Assert.Matches("^(usage: OroOrleans\\.Silo |       OroOrleans\\.Silo |exit codes: )", l));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData("client list", "OroOrleans: unknown command 'client'; see --help")]
    [InlineData("imprt customers x.jsonl", "OroOrleans: unknown command 'imprt'; see --help")]
    [InlineData("-x", "OroOrleans: unknown command '-x'; see --help")]
    [InlineData("--Tokens:Issuer=https://a.example.com list", "OroOrleans: unknown argument 'list' (settings are --Section:Key=value); see --help")]
    [InlineData("--Tokens:Issuer", "OroOrleans: unknown command '--Tokens:Issuer'; see --help")]
    public async Task UnknownVerbOrStrayArgument_PrintsOneLine_AndExits2(string arguments, string line)
    {
        var (exitCode, lines, _) = await Run(arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal([line], lines);
    }

    [Theory]
    [InlineData("migrate --help", "usage: migrate ")]
    [InlineData("clients --help", "usage: clients create ")]
    [InlineData("import customers --help", "usage: import customers ")]
    public async Task VerbHelp_PrintsItsUsage_AndExits0(string arguments, string usage)
    {
        var (exitCode, lines, _) = await Run(arguments.Split(' '));

        Assert.Equal(0, exitCode);
        Assert.StartsWith(usage, lines[0], StringComparison.Ordinal);
    }

    /// <summary>Each form the command-line configuration reads reaches the silo, whose start refuses the bad issuer.</summary>
    [Theory]
    [InlineData("--Tokens:Issuer=localhost:5080")]
    [InlineData("--Tokens:Issuer localhost:5080")]
    [InlineData("/Tokens:Issuer localhost:5080")]
    [InlineData("Tokens:Issuer=localhost:5080")]
    public async Task SettingsAsArguments_StillReachTheSilo(string arguments)
    {
        var (exitCode, lines, _) = await Run(arguments.Split(' '));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("OroOrleans cannot start: Tokens:Issuer: ", Assert.Single(lines), StringComparison.Ordinal);
    }

    /// <summary>Runs the silo program; one that is still running after 30 s (a silo started after all) is killed.</summary>
    private static Task<(int ExitCode, string[] Lines, TimeSpan Elapsed)> Run(params string[] arguments) =>
        ChildProcess.RunToExit(RepositoryPaths.SiloDll, SiloEnvironment, TimeSpan.FromSeconds(30), arguments);
}
