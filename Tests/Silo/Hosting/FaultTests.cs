using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §9.2's fault promises with real processes: its own PostgreSQL, three silos and two client-mode front ends
/// (behind nginx when it is installed, else called directly) under a bounded mixed load (guest, password,
/// client_credentials, refresh sessions, bearer API), through one fault per phase: a silo SIGKILL, a silo SIGTERM, a
/// silo joining, a 5 s PostgreSQL restart. Prints per phase the requests, failures by kind, the longest failure
/// window and what readiness said, then asserts the thresholds (docs/operations.md, "When things fail").
/// </summary>
[Trait("Category", TestCategories.Process)]
[Trait("Category", TestCategories.Postgres)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(2);
    /// <summary>
    /// Load after a kill: past the 5 s bound and past the slowest answer the front ends allow (a resend may leave up to
    /// twice the 5 s response timeout after the first attempt and wait the timeout itself: 15 s), so that a late
    /// failure shows, and so does readiness after it.
    /// </summary>
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(16);
    /// <summary>Load after a graceful stop or a join has completed.</summary>
    private static readonly TimeSpan AfterChange = TimeSpan.FromSeconds(4);
    /// <summary>Load after PostgreSQL is back: past the 5 s bound.</summary>
    private static readonly TimeSpan AfterPostgres = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan KillBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PostgresDown = TimeSpan.FromSeconds(5);
    private const int Sessions = 12;
    private const int Workers = 6;

    [SkippableFact]
    public async Task SiloKillStopJoinAndPostgresRestart_UnderLoad_StayWithinThePromises()
    {
        await using var pg = await PrivatePostgres.StartAsync("faults");
        var root = pg.Root;
        var connectionString = pg.ConnectionString;
        await PostgresSchema.ApplyAsync(connectionString);
        var seed = new TestSeed();
        var serviceId = "oro-faults-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId,
        };
        var fronts = new List<WebFrontProcess>();
        var silos = new List<SiloProcess>();
        Process? nginx = null;
        try
        {
            for (var i = 1; i <= 2; i++)
            {
                fronts.Add(new WebFrontProcess(Path.Combine(root, "front" + i), new Dictionary<string, string?>(cluster)
                {
                    ["Orleans__Mode"] = "Client",
                    ["RateLimits__Enabled"] = "false",
                    ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
                }));
            }

            var issuer = fronts[0].Issuer;
            fronts[1].Settings["Tokens__Issuer"] = issuer;
            SiloProcess NewSilo(int n) => new("silo" + n, new Dictionary<string, string?>(cluster)
            {
                ["Tokens__Issuer"] = issuer,
                ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            });
            for (var i = 1; i <= 3; i++)
            {
                silos.Add(NewSilo(i));
            }

            silos.ForEach(s => s.Launch());
            await Task.WhenAll(silos.Select(s => s.WaitUntilReady(TimeSpan.FromSeconds(90))));
            await Task.WhenAll(fronts.Select(f => f.Start(TimeSpan.FromSeconds(90))));

            var clients = fronts.Select(f => f.CreateClient()).ToArray();
            var through = "the front ends directly (nginx is not installed)";
            if (NginxProcess.Executable is { } nginxPath)
            {
                var port = ChildProcess.FreePort();
                nginx = StartNginx(nginxPath, Path.Combine(root, "nginx"), port, fronts.Select(f => f.Port));
                await WaitForNginx(port);
                clients = [new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) }];
                through = $"nginx ({nginxPath}) in front of both front ends";
            }

            output.WriteLine($"load through {through}");
            var load = new Load(clients, fronts.Select(f => f.CreateClient()).ToArray(), seed);
            await load.Prepare();
            var report = new List<PhaseResult>();

            var killedAt = DateTime.Now.TimeOfDay;
            var killExit = 0;
            report.Add(await load.Run("silo SIGKILL", Before, AfterKill, async () =>
            {
                killedAt = DateTime.Now.TimeOfDay;
                await silos[2].Kill();
                killExit = await silos[2].WaitForExit(TimeSpan.FromSeconds(10));
            }));
            var declared = fronts.Select(f => DeclaredDeadAt(f.Output)).Where(t => t is not null).Select(t => $"{(t!.Value - killedAt).TotalSeconds:+0.0} s").ToArray();
            output.WriteLine($"silo3 killed (exit code {killExit}); the front ends read its death in the membership table at {(declared.Length == 0 ? "(not logged)" : string.Join(", ", declared))}");
            var (lostAfterKill, unavailableAfterKill) = await load.CheckSessions();
            output.WriteLine($"sessions whose refresh token from before the kill was refused after it: {lostAfterKill} of {Sessions} (still 503 after five tries: {unavailableAfterKill})");

            var stopTook = TimeSpan.Zero;
            report.Add(await load.Run("silo SIGTERM", Before, AfterChange, async () => stopTook = await silos[1].Stop()));
            output.WriteLine($"silo2 stopped with exit code 0 in {stopTook.TotalSeconds:F1} s");
            var joined = NewSilo(4);
            silos.Add(joined);
            report.Add(await load.Run("silo joins", Before, AfterChange, async () =>
            {
                joined.Launch();
                await joined.WaitUntilReady(TimeSpan.FromSeconds(90));
            }));
            // What was written before the database restart must be there after it: a customer an administrator
            // created, and a session revoked through RFC 7009's endpoint.
            var customerEmail = $"fault-{Guid.NewGuid():N}@example.com";
            using (var create = TokenClient.Bearer(HttpMethod.Post, "/api/customerusers", load.AdminAccess))
            {
                create.Content = new StringContent(
                    System.Text.Json.JsonSerializer.Serialize(new { data = new { type = "customerusers", attributes = new { email = customerEmail, password = "fault-password-1" } } }),
                    System.Text.Encoding.UTF8, "application/vnd.api+json");
                using var created = await clients[0].SendAsync(create);
                Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            }

            var revokedSession = await FamilyClient.LoginJohn(clients[0], seed);
            using (var revoke = await FamilyClient.Revoke(clients[0], seed.BackofficeClientId, seed.BackofficeSecret, revokedSession.RefreshToken))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, revoke.StatusCode);
            }

            report.Add(await load.Run("PostgreSQL restart (5 s)", Before, AfterPostgres, async () =>
            {
                await pg.RestartAsync(PostgresDown);
            }));

            // Both outlived the restart: the customer logs in (on the other front end when there is no nginx); the
            // revoked session stays revoked.
            await FamilyClient.Login(clients[^1], seed.StorefrontClientId, seed.StorefrontSecret, customerEmail, "fault-password-1");
            HttpStatusCode revokedStatus;
            using (var refresh = await TokenClient.PostForm(clients[^1], new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
                ["refresh_token"] = revokedSession.RefreshToken,
            }))
            {
                revokedStatus = refresh.StatusCode;
                output.WriteLine($"after the PostgreSQL restart: the customer created before it logs in; the session revoked before it answers {(int)revokedStatus} {await refresh.Content.ReadAsStringAsync()}");
            }

            var (lost, unavailable) = await load.CheckSessions();
            foreach (var phase in report)
            {
                output.WriteLine(phase.ToString());
            }

            output.WriteLine($"sessions: {Sessions}, lost after the kill: {lostAfterKill}, lost at the end: {lost} (still 503 at the end: {unavailable})");

            // Asserted after the phases are printed, so a failure shows what the load met around it.
            Assert.Equal(HttpStatusCode.BadRequest, revokedStatus);
            Assert.Equal(137, killExit);
            Assert.Equal(0, lostAfterKill);
            Assert.Equal(0, lost);
            Assert.Equal(0, unavailableAfterKill + unavailable);
            var kill = report[0];
            Assert.All(kill.Failures, f => Assert.True(f.IsOurUnavailable, $"silo kill: {f}"));
            // A failure must be the kill's (the request was still in flight when the silo died), and no request begun
            // more than 5 s after the kill may fail (§9.2).
            Assert.All(kill.Failures, f => Assert.True(
                f.Start - kill.EventAt <= KillBound && f.End >= kill.EventAt,
                $"silo kill: a failure begun more than 5 s after the kill or ended before it: {f}"));
            Assert.True(kill.Failures.Count == 0 || kill.ReadinessSaw503, "silo kill: requests failed, but /health/ready answered 200 throughout");
            Assert.Empty(report[1].Failures);
            Assert.Empty(report[2].Failures);
            var restart = report[3];
            Assert.All(restart.Failures, f => Assert.True(f.IsOurUnavailable, $"PostgreSQL restart: {f}"));
            Assert.All(restart.Failures, f => Assert.True(f.Start <= restart.EventEnd + KillBound, $"PostgreSQL restart: a failure more than 5 s after its return: {f}"));
            Assert.True(restart.Failures.Count == 0 || restart.ReadinessSaw503, "PostgreSQL restart: requests failed, but /health/ready answered 200 throughout");
        }
        catch
        {
            // Each process's output, read once for both uses below.
            var processOutputs = silos.Select(s => (s.Name, s.Output)).Concat(fronts.Select((f, i) => ($"front{i + 1}", f.Output))).ToList();
            // CI keeps only the test's output: each process's last warnings and errors say what the failure met.
            foreach (var (name, text) in processOutputs)
            {
                var lines = text.Split('\n');
                var last = Enumerable.Range(0, lines.Length)
                    .Where(i => lines[i].Contains("warn:", StringComparison.Ordinal) || lines[i].Contains("fail:", StringComparison.Ordinal) || lines[i].Contains("crit:", StringComparison.Ordinal))
                    .TakeLast(8);
                foreach (var i in last)
                {
                    // The level's line names the category and event, the next its message (and an exception's first line).
                    output.WriteLine($"{name}: {string.Join(" | ", lines.Skip(i).Take(3).Select(l => l.Trim()))}");
                }
            }

            // nginx's: its own 503s (a front end it could not reach, or that did not answer in time) look like a front
            // end's to the load, and only its error log tells them apart.
            var nginxLog = Path.Combine(root, "nginx", "logs", "error.log");
            if (File.Exists(nginxLog))
            {
                foreach (var line in (await File.ReadAllLinesAsync(nginxLog)).Where(l => !l.Contains("buffered to a temporary file", StringComparison.Ordinal)).TakeLast(8))
                {
                    output.WriteLine($"nginx: {line}");
                }
            }

            // And PostgreSQL's own last words (its log goes with its directory when the test ends).
            try
            {
                foreach (var line in (await File.ReadAllLinesAsync(pg.LogFile)).TakeLast(8))
                {
                    output.WriteLine($"postgres: {line}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"postgres: its log could not be read ({e.GetType().Name})");
            }

            var logs = Environment.GetEnvironmentVariable("OROORLEANS_TEST_LOGS");
            if (!string.IsNullOrEmpty(logs))
            {
                Directory.CreateDirectory(logs);
                foreach (var (name, text) in processOutputs)
                {
                    await File.WriteAllTextAsync(Path.Combine(logs, name + ".log"), text);
                }
            }

            throw;
        }
        finally
        {
            try
            {
                if (nginx is not null)
                {
                    // SIGQUIT is nginx's graceful stop.
                    using (var quit = Process.Start("kill", ["-QUIT", nginx.Id.ToString(CultureInfo.InvariantCulture)]))
                    {
                        await quit.WaitForExitAsync();
                    }

                    await nginx.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
            }
            finally
            {
                // The processes stop whatever nginx did, before PostgreSQL goes (pg is disposed after this block).
                foreach (var front in fronts)
                {
                    await front.DisposeAsync();
                }

                foreach (var silo in silos)
                {
                    await silo.DisposeAsync();
                }
            }

            if (nginx is not null)
            {
                Assert.Equal(0, nginx.ExitCode);
                nginx.Dispose();
            }
        }
    }

    /// <summary>Round robin over the front ends: the shipped configuration (<see cref="NginxProcess.Render"/>).</summary>
    private static Process StartNginx(string nginx, string directory, int port, IEnumerable<int> fronts)
    {
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var conf = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(conf, NginxProcess.Render(directory, port, fronts));
        var info = new ProcessStartInfo(nginx, ["-p", directory, "-c", conf, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
    }

    private static async Task WaitForNginx(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "nginx did not answer within 20 s");
            await Task.Delay(200);
        }
    }

    /// <summary>When a front end logged that it read a silo's death in the membership table (HH:mm:ss.fff on the entry's first line).</summary>
    private static TimeSpan? DeclaredDeadAt(string frontOutput)
    {
        var lines = frontOutput.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains("was declared dead", StringComparison.Ordinal));
        for (var i = index; i >= 0 && i >= index - 2; i--)
        {
            if (lines[i].Length > 12 && TimeSpan.TryParseExact(lines[i][..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var at))
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>One request of the load: when it ran, what it was, how it ended.</summary>
    private sealed record Outcome(string Kind, TimeSpan Start, TimeSpan End, int Status, bool RetryAfter, string? Error)
    {
        /// <summary>§2.5's 503: JSON (an OAuth error or a JSON:API one) with Retry-After.</summary>
        public bool IsOurUnavailable => Status == 503 && RetryAfter && Error is "temporarily_unavailable" or "temporarily unavailable";

        public override string ToString() => $"{Kind} {Start.TotalSeconds:F2}..{End.TotalSeconds:F2} s: {Status} {Error}{(RetryAfter ? " (Retry-After)" : "")}";
    }

    /// <summary>One answer of a front end's <c>/health/ready</c> during a phase.</summary>
    private sealed record Probe(TimeSpan At, int Front, int Status);

    private sealed record PhaseResult(string Name, TimeSpan EventAt, TimeSpan EventEnd, IReadOnlyList<Outcome> All, IReadOnlyList<Probe> Probes)
    {
        public IReadOnlyList<Outcome> Failures => All.Where(o => o.Status is < 200 or >= 300).ToArray();

        /// <summary>Whether a front end's readiness said 503 between the first failure and 5 s after the last.</summary>
        public bool ReadinessSaw503 =>
            Failures.Count > 0 && Probes.Any(p => p.Status != 200 && p.At >= Failures.Min(f => f.Start) && p.At <= Failures.Max(f => f.End) + TimeSpan.FromSeconds(5));

        public override string ToString()
        {
            var failures = Failures;
            var kinds = string.Join(", ", failures.GroupBy(f => $"{f.Status}{(f.RetryAfter ? "+Retry-After" : "")} {f.Error}").Select(g => $"{g.Count()}× {g.Key}"));
            var window = failures.Count == 0 ? TimeSpan.Zero : failures.Max(f => f.End) - failures.Min(f => f.Start);
            var first = failures.Count == 0 ? "" : $", from {(failures.Min(f => f.Start) - EventAt).TotalSeconds:+0.0;-0.0} s to {(failures.Max(f => f.End) - EventAt).TotalSeconds:+0.0;-0.0} s after the event";
            var unready = Probes.Where(p => p.Status != 200).ToArray();
            var readiness = unready.Length == 0
                ? "readiness 200 throughout"
                : $"readiness not 200 in {unready.Length} of {Probes.Count} probes, from {(unready.Min(p => p.At) - EventAt).TotalSeconds:+0.0;-0.0} s to {(unready.Max(p => p.At) - EventAt).TotalSeconds:+0.0;-0.0} s";
            var slowest = All.Count == 0 ? 0 : All.Max(o => (o.End - o.Start).TotalSeconds);
            return $"{Name}: {All.Count} requests, {failures.Count} failed ({(kinds.Length == 0 ? "none" : kinds)}); longest failure window {window.TotalSeconds:F1} s{first}; " +
                $"slowest request {slowest:F1} s; {readiness}; event took {(EventEnd - EventAt).TotalSeconds:F1} s";
        }
    }

    /// <summary>
    /// The mixed load: workers that loop over the request kinds until told to stop; sessions that refresh, retrying
    /// the same refresh token after a 503 as a client would.
    /// </summary>
    private sealed class Load(HttpClient[] fronts, HttpClient[] probes, TestSeed seed)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly string[] sessions = new string[Sessions];
        private readonly SemaphoreSlim[] sessionLocks = Enumerable.Range(0, Sessions).Select(_ => new SemaphoreSlim(1)).ToArray();
        private string adminAccess = "";

        /// <summary>The administrator's access token the load's bearer calls use.</summary>
        public string AdminAccess => adminAccess;
        private List<Outcome>? current;
        private int next;

        public async Task Prepare()
        {
            adminAccess = (await Warm(() => FamilyClient.Login(fronts[0], seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))).AccessToken;
            for (var i = 0; i < Sessions; i++)
            {
                var front = fronts[i % fronts.Length];
                sessions[i] = (await Warm(() => FamilyClient.LoginJohn(front, seed))).RefreshToken;
            }
        }

        /// <summary>
        /// A login before the load begins, tried again while the cluster warms up: the first calls activate grains and
        /// compile code, which may pass Orleans:ResponseTimeout on a loaded machine. Not part of any phase.
        /// </summary>
        private static async Task<TokenPair> Warm(Func<Task<TokenPair>> login)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await login();
                }
                catch (Xunit.Sdk.XunitException) when (attempt < 20)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }

        public async Task<PhaseResult> Run(string name, TimeSpan before, TimeSpan after, Func<Task> fault)
        {
            var outcomes = new List<Outcome>();
            current = outcomes;
            var readiness = new List<Probe>();
            using var stop = new CancellationTokenSource();
            var probing = probes.Select((front, i) => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var at = clock.Elapsed;
                    int status;
                    try
                    {
                        using var response = await front.GetAsync(new Uri("/health/ready", UriKind.Relative));
                        status = (int)response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        status = 0;
                    }

                    lock (readiness) readiness.Add(new Probe(at, i + 1, status));
                    await Task.Delay(250);
                }
            })).ToArray();
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    var outcome = await One(w, n++);
                    lock (outcomes) outcomes.Add(outcome);
                }
            })).ToArray();
            await Task.Delay(before);
            var at = clock.Elapsed;
            await fault();
            var end = clock.Elapsed;
            await Task.Delay(after);
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await Task.WhenAll(probing);
            lock (outcomes) return new PhaseResult(name, at, end, outcomes.ToArray(), readiness.ToArray());
        }

        /// <summary>
        /// Refreshes every session once (keeping the new token), retrying a 503 as a client would: how many sessions are
        /// lost (their refresh token refused), and how many still met a 503 after five tries (not lost: unavailable).
        /// </summary>
        public async Task<(int Lost, int Unavailable)> CheckSessions()
        {
            var (lost, unavailable) = (0, 0);
            for (var i = 0; i < Sessions; i++)
            {
                for (var attempt = 1; ; attempt++)
                {
                    using var response = await FamilyClient.Refresh(fronts[i % fronts.Length], seed, sessions[i]);
                    if (response.IsSuccessStatusCode)
                    {
                        sessions[i] = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["refresh_token"]!;
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        lost++;
                        break;
                    }

                    if (attempt == 5)
                    {
                        unavailable++;
                        break;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }

            return (lost, unavailable);
        }

        private async Task<Outcome> One(int worker, int n)
        {
            var http = fronts[(worker + n) % fronts.Length];
            // Password logins are slow on purpose (PBKDF2); one in eight requests is one.
            return ((worker + n) % 8) switch
            {
                0 => await Measure("password", () => Form(http, "password", seed.BackofficeClientId, seed.BackofficeSecret, ("username", seed.UserUsername), ("password", seed.UserPassword))),
                1 or 2 => await Measure("guest", () => Form(http, "password", seed.StorefrontClientId, seed.StorefrontSecret, ("username", "guest"), ("password", "guest"))),
                3 => await Measure("client_credentials", () => Form(http, "client_credentials", seed.NoPasswordClientId, seed.NoPasswordSecret)),
                4 or 5 => await Measure("bearer API", () => http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", adminAccess))),
                _ => await RefreshSession(http, Interlocked.Increment(ref next) % Sessions),
            };
        }

        private async Task<Outcome> RefreshSession(HttpClient http, int session)
        {
            if (!await sessionLocks[session].WaitAsync(0))
            {
                return await Measure("guest", () => Form(http, "password", seed.StorefrontClientId, seed.StorefrontSecret, ("username", "guest"), ("password", "guest")));
            }

            try
            {
                // As a client would: after a 503 the same refresh token again, soon (within Tokens:RefreshRetryWindow),
                // up to three times; each attempt counts as a request of the phase.
                for (var attempt = 1; ; attempt++)
                {
                    string? body = null;
                    var outcome = await Measure("refresh", async () =>
                    {
                        var response = await FamilyClient.Refresh(http, seed, sessions[session]);
                        if (response.IsSuccessStatusCode)
                        {
                            body = await response.Content.ReadAsStringAsync();
                        }

                        return response;
                    });
                    if (body is not null)
                    {
                        sessions[session] = (string)JsonNode.Parse(body)!["refresh_token"]!;
                    }

                    if (outcome.Status != 503 || attempt == 3 || current is not { } list)
                    {
                        return outcome;
                    }

                    lock (list) list.Add(outcome);
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
            finally
            {
                sessionLocks[session].Release();
            }
        }

        private static Task<HttpResponseMessage> Form(HttpClient http, string grant, string clientId, string secret, params (string Key, string Value)[] fields)
        {
            var form = new Dictionary<string, string> { ["grant_type"] = grant, ["client_id"] = clientId, ["client_secret"] = secret };
            foreach (var (key, value) in fields)
            {
                form[key] = value;
            }

            return TokenClient.PostForm(http, form);
        }

        private async Task<Outcome> Measure(string kind, Func<Task<HttpResponseMessage>> send)
        {
            var start = clock.Elapsed;
            try
            {
                using var response = await send();
                string? error = null;
                if (!response.IsSuccessStatusCode)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    try
                    {
                        error = (string?)JsonNode.Parse(text)?["error"] ?? (string?)JsonNode.Parse(text)?["errors"]?[0]?["title"];
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        error = "not JSON";
                    }
                }

                return new Outcome(kind, start, clock.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter is not null, error);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return new Outcome(kind, start, clock.Elapsed, 0, false, e.GetType().Name);
            }
        }
    }
}
