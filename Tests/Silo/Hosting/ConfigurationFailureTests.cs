using System.Collections.Concurrent;
using System.Diagnostics;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §9.3: every invalid setting stops the start with one line on stderr naming the key, exit code 1 and no stack
/// trace, from either program, started from a working directory of its own (so each finds its appsettings.json).
/// The processes run a few at a time: each costs about 2 s.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class ConfigurationFailureTests
{
    private const string Standalone = "WebFront";
    private const string Silo = "Silo";

    /// <summary>A silo's connection string that Npgsql reads; the start fails before anything connects.</summary>
    private const string Parseable = "Host=127.0.0.1;Port=1;Username=oro;Database=oro";

    /// <summary>A seed file whose user has no email, written once for the test run.</summary>
    private static readonly string BadSeedFile = WriteBadSeed();

    /// <summary>Program, settings, and the key the line must start with.</summary>
    public static readonly (string Program, string[] Settings, string Key)[] Cases =
    [
        // One case per way a setting is read: options validated at start, a section read before the host is built,
        // the configuration binder, the server's URLs, the connection string; the rules themselves are tabled in
        // ConfigurationRulesTests.
        (Standalone, ["Tokens__Issuer=not-a-url"], "Tokens:Issuer: "),
        (Standalone, ["Tokens__Algorithm=HS512"], "Tokens:Algorithm: "),
        (Standalone, ["Tokens__AccessTokenLifetime=not-a-timespan"], "Tokens:AccessTokenLifetime: "),
        (Standalone, ["Passwords__ImportedHashMemoryMiB=64"], "Passwords:ImportedHashMemoryMiB: The field PasswordOptions.ImportedHashMemoryMiB must be between 128 and "),
        (Standalone, ["Cors__AllowOrigins__0=shop.example.com"], "Cors:AllowOrigins: "),
        (Standalone, ["Network__TrustedProxies__0=bogus"], "Network:TrustedProxies:0 is 'bogus'"),
        (Standalone, ["Orleans__ResponseTimeout=00:00:20"], "Tokens:RefreshRetryWindow: "),
        // An entry of a dictionary: its values are not checked by the generated validator unless asked explicitly.
        (Standalone, ["RateLimits__Clients__storefront0000000000000000000001__GuestPerIpPerMinute=-5"], "RateLimits:Clients:storefront0000000000000000000001:GuestPerIpPerMinute: "),
        (Standalone, ["ASPNETCORE_URLS=http://127.0.0.1:abc"], "urls: "),
        // Checked against the access-token lifetime only when the reserve is on (off, a 10 s lifetime starts).
        (Standalone, ["Guest__Reserve__Enabled=true", "Tokens__AccessTokenLifetime=00:00:10"], "Guest:Reserve:MaxAge: "),
        (Standalone, ["Guest__Reserve__Size=0"], "Guest:Reserve:Size: "),
        (Standalone, ["TokenCache__Entries=10"], "TokenCache:Entries: The field TokenCacheOptions.Entries must be between 64 and 4000000"),
        // A path used when the silo is configured: one that cannot be created, one that is not writable (even by root).
        (Standalone, ["Standalone__DataDirectory=/proc/nope"], "Standalone:DataDirectory: '/proc/nope' cannot be created: "),
        (Standalone, ["Standalone__DataDirectory=/sys"], "Standalone:DataDirectory: '/sys' is not writable: "),
        (Standalone, ["Orleans__Mode=Client", "ConnectionStrings__Orleans=Hots=nowhere"], "ConnectionStrings:Orleans: "),
        // Refused after the co-hosted silo has started: it is stopped with time to stop, without Orleans' stack traces.
        (Standalone, ["Bootstrap__SeedFile=" + BadSeedFile], $"Bootstrap:SeedFile '{BadSeedFile}': users[0].email is required"),
        (Standalone, ["ASPNETCORE_URLS=https://127.0.0.1:1"], "urls: Unable to configure HTTPS endpoint"),
        (Silo, [], "ConnectionStrings:Orleans: "),
        (Silo, ["ConnectionStrings__Orleans=" + Parseable, "Keys__AllowPlaintext=true", "Tokens__Issuer=localhost:5080"], "Tokens:Issuer: "),
    ];

    [Fact]
    public async Task EveryBadSetting_StopsTheStart_WithOneLineNamingTheKey()
    {
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(4);
        await Task.WhenAll(Cases.Select(async c =>
        {
            await slots.WaitAsync();
            try
            {
                var (exitCode, stdout, stderr) = await Run(c.Program, c.Settings);
                var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var prefix = $"OroOrleans cannot start: {c.Key}";
                if (exitCode != 1 || lines.Length != 1 || !lines[0].StartsWith(prefix, StringComparison.Ordinal)
                    || (stdout + stderr).Contains("   at ", StringComparison.Ordinal))
                {
                    failures.Add($"{c.Program} {string.Join(' ', c.Settings)}: exit {exitCode}, expected one stderr line starting '{prefix}'; stderr:\n{stderr}\nstdout:\n{stdout}");
                }
            }
            finally
            {
                slots.Release();
            }
        }));

        Console.WriteLine($"{Cases.Length} bad settings, each refused, in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Standalone_StartedFromAnotherDirectory_ReadsItsOwnAppsettings_AndWarnsOfNothing()
    {
        var cwd = Directory.CreateTempSubdirectory("oroorleans-clean-").FullName;
        var port = ChildProcess.FreePort();
        var info = Info(Standalone, cwd, []);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment.Remove("Management__Urls");
        var output = new ConcurrentQueue<string>();
        var lifetime = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline && !await Ready(http))
            {
                await Task.Delay(200);
            }

            Assert.True(await Ready(http), string.Join('\n', output));
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term!.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(ChildProcess.StopDeadline);
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
            Directory.Delete(cwd, recursive: true);
        }

        var log = string.Join('\n', output);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Content root path: " + Path.GetDirectoryName(RepositoryPaths.WebFrontDll), log, StringComparison.Ordinal);
        // appsettings.json sets Orleans' categories to Warning: without it, Orleans writes dozens of info lines.
        Assert.DoesNotContain("info: Orleans.", log, StringComparison.Ordinal);
        // No error. No watchdog stall longer than the process has lived: the false "possible deadlock" warning of
        // every start (MembershipClock). Warnings that a loaded machine earns (a slow turn, a real stall) are printed.
        Assert.False(log.Contains("fail: ", StringComparison.Ordinal) || log.Contains("stderr: ", StringComparison.Ordinal), log);
        var stalls = System.Text.RegularExpressions.Regex.Matches(log, @"Participant check thread has not completed for (?<span>[0-9:.]+)")
            .Select(m => TimeSpan.Parse(m.Groups["span"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.DoesNotContain(stalls, stall => stall >= lifetime.Elapsed);
        var lines = output.ToArray();
        foreach (var i in Enumerable.Range(0, lines.Length - 1).Where(i => lines[i].StartsWith("warn: ", StringComparison.Ordinal)))
        {
            Console.WriteLine($"warning at start (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}): {lines[i]} {lines[i + 1].Trim()}");
        }

        static async Task<bool> Ready(HttpClient http)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }
    }

    private static string WriteBadSeed()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("oroorleans-badseed-").FullName, "seed.json");
        File.WriteAllText(path, """{"users":[{"username":"no-email"}]}""");
        return path;
    }

    /// <summary>Runs the program from a working directory of its own, stdout and stderr apart.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string program, string[] settings)
    {
        var cwd = Directory.CreateTempSubdirectory("oroorleans-config-").FullName;
        try
        {
            var info = Info(program, cwd, settings);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (-1, await stdout, "did not stop within 60 s\n" + await stderr);
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(cwd, recursive: true);
        }
    }

    /// <summary><c>dotnet &lt;program&gt;.dll</c> in <paramref name="cwd"/>, not its own folder, with the settings as environment variables.</summary>
    private static ProcessStartInfo Info(string program, string cwd, string[] settings)
    {
        var info = new ProcessStartInfo("dotnet", [program == Silo ? RepositoryPaths.SiloDll : RepositoryPaths.WebFrontDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        info.Environment["Standalone__DataDirectory"] = Path.Combine(cwd, "data");
        info.Environment["Management__Urls"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        info.Environment.Remove("ConnectionStrings__Orleans");
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            info.Environment[setting[..equals]] = setting[(equals + 1)..];
        }

        return info;
    }
}
