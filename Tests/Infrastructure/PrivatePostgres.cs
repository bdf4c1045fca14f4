using System.Diagnostics;
using System.Globalization;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (scripts/pg-start.sh in a fresh directory), for tests that stop or restart
/// it: the shared <c>OROORLEANS_TEST_PG</c> server must never go down under other tests. Disposing stops it and
/// deletes its directory. Without PostgreSQL 15 installed the test is skipped, except under CI, where it fails.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string dir;

    private PrivatePostgres(string root, string connectionString)
    {
        Root = root;
        dir = Path.Combine(root, "pg");
        ConnectionString = connectionString;
    }

    /// <summary>A fresh directory the test may also use for its other files; deleted on dispose.</summary>
    public string Root { get; }

    public string ConnectionString { get; }

    /// <summary>The server's log (pg_ctl's <c>-l</c>), deleted with the directory on dispose.</summary>
    public string LogFile => Path.Combine(dir, "postgres.log");

    public static async Task<PrivatePostgres> StartAsync(string name)
    {
        var pgBin = Environment.GetEnvironmentVariable("OROORLEANS_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(pgBin, "initdb")))
        {
            Assert.False(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), "PostgreSQL 15 is not installed; CI must run this test");
            throw new SkipException("PostgreSQL 15 is not installed (scripts/test.sh installs it); CI is not set, so the test is reported skipped.");
        }

        var root = Directory.CreateTempSubdirectory($"oroorleans-{name}-").FullName;
        // PostgreSQL runs as another OS user when the tests run as root (scripts/pg-start.sh): it must reach pg/.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        try
        {
            var connectionString = (await Script("pg-start.sh", Path.Combine(root, "pg"))).Trim().Split('\n')[^1];
            return new PrivatePostgres(root, connectionString);
        }
        catch
        {
            // A start that failed half-way (the server up, the database not made) leaves nothing running behind it.
            await new PrivatePostgres(root, "").DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the server (fast mode: every session is ended), waits <paramref name="down"/> (whole seconds), starts it
    /// again.
    /// </summary>
    public Task RestartAsync(TimeSpan down)
    {
        Assert.True(down.TotalSeconds >= 1 && down.TotalSeconds % 1 == 0, $"pg-restart.sh waits whole seconds, not {down}");
        return Script("pg-restart.sh", dir, ((int)down.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the server (asserting that the stop worked) and deletes the directory, whatever the stop did.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // pg-stop.sh stops a server only where one runs, so a start that failed early is cleaned up too.
            await Script("pg-stop.sh", dir);
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> Script(string name, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "scripts", name), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{name} failed: {await stderr}");
        return await stdout;
    }
}
