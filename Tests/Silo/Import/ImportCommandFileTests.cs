using System.Diagnostics;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>
/// <c>OroOrleans.Silo import customers FILE</c> run as a process with a file it cannot import: one line naming the
/// file and why, exit code 1, and no attempt to reach the cluster (its connection string points at a closed port, so
/// an attempt would print <c>import: connecting …</c> and a refusal).
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class ImportCommandFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("oroorleans-importfile-");

    [Fact]
    public async Task Import_Directory_SaysItIsADirectory_WithoutConnecting()
    {
        Assert.Equal($"import: '{directory.FullName}' is a directory; give the export file", await RunRefused(directory.FullName));
    }

    [Fact]
    public async Task Import_MissingFile_NamesIt_WithoutConnecting()
    {
        var path = Path.Combine(directory.FullName, "customers.jsonl");
        Assert.Equal($"import: '{path}' does not exist", await RunRefused(path));
    }

    [Fact]
    public async Task Import_BinaryFile_IsRefusedUpFront_WithoutConnecting()
    {
        // An .xlsx (a zip) given for the JSON Lines export, large enough that reading it all would show.
        var path = Path.Combine(directory.FullName, "customers.xlsx");
        var bytes = new byte[8 << 20];
        new Random(3).NextBytes(bytes);
        "PK\u0003\u0004\u0014\0\0\0"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(path, bytes);
        Assert.Equal(
            $"import: '{path}' is binary, not JSON Lines text: a NUL character in its first 8 KiB (another compression or format, or UTF-16 without a byte order mark?); nothing was imported",
            await RunRefused(path));
    }

    [Fact]
    public async Task Import_BinaryOnStandardInput_IsRefusedUpFront_WithoutConnecting()
    {
        // `-` reads descriptor 0 as the command got it (here a pipe from this process), checked like a file.
        var info = new ProcessStartInfo("dotnet", [RepositoryPaths.SiloDll, "import", "customers", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Username=oro;Password=unused;Database=oro";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var bytes = new byte[1 << 20];
        new Random(5).NextBytes(bytes);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(bytes);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command refused what it had read and closed its end.
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"$ OroOrleans.Silo import customers - < 1 MiB of random bytes  (exit {process.ExitCode})\n{await stdout}{await stderr}");
        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal(
            "import: standard input is binary, not JSON Lines text: a NUL character in its first 8 KiB (another compression or format, or UTF-16 without a byte order mark?); nothing was imported",
            Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    public void Dispose() => directory.Delete(recursive: true);

    private async Task<string> RunRefused(string path)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Username=oro;Password=unused;Database=oro",
        };
        var (exitCode, lines, elapsed) = await ChildProcess.RunToExit(RepositoryPaths.SiloDll, environment, TimeSpan.FromSeconds(60), "import", "customers", path);
        output.WriteLine($"$ OroOrleans.Silo import customers {path}  (exit {exitCode}, {elapsed.TotalSeconds:F1} s)\n{string.Join('\n', lines)}");
        Assert.Equal(1, exitCode);
        return Assert.Single(lines);
    }
}
