using System.Diagnostics;

namespace OroOrleans.Tests.Silo.Management;

/// <summary>A Debian program a test drives (prometheus, promtool, chromium): found on the PATH, or the test cannot run.</summary>
internal static class ExternalTool
{
    /// <summary>The program's full path; a missing program skips the test, or fails it under CI (scripts/test.sh installs it).</summary>
    public static string Find(string name, string package, Xunit.Abstractions.ITestOutputHelper output)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var message = $"{name} is not installed (apt-get install -y {package}; scripts/test.sh does it).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message + " CI is set: this test must run there.");
        }

        output.WriteLine(message);
        throw new SkipException(message + " CI is not set, so the test is reported skipped.");
    }

    /// <summary>Runs a program to its end within <paramref name="timeout"/>; its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(program, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
    }
}
