using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

// The revocation ledger at scale (docs/performance.md):
//   load N WEBFRONT_DIR              seeds N live family facts into a fresh standalone data directory (through the
//                                    ledger's own fact table), starts a WebFront on it and times its readiness
//                                    (every shard loaded into the view), then its CPU over 30 s of catch-up reads every
//                                    10 s (Revocation:ResyncInterval); the same with no facts first, for the baseline.
//   rotate URL RATE SECONDS [[NAME=]PID…] [--metrics URL…]
//                                    refresh grants at RATE/s for SECONDS against a running server (guest families,
//                                    each rotated one request at a time); prints the rate, latency and each PID's
//                                    resident memory every 10 s, and the ledger's write latency from the Prometheus
//                                    text of the --metrics URLs, summed (default URL/metrics: a standalone server,
//                                    whose silo is in its process; on a cluster, the silos' management /metrics).
//   sweep N WEBFRONT_DIR             seeds N live family facts the same way, starts a WebFront on them with
//                                    Tokens:AccessTokenLifetime at 9 minutes, so that its shards' timers re-read the stored
//                                    rows for their first 10 minutes (RevocationLedgerOptions.TwinWindow: the lifetime and
//                                    a minute), times one such re-read of every shard itself, then runs
//                                    SweepRotationsPerSecond refresh grants a second for SweepMinutes and prints the
//                                    process's CPU minute by minute: the minutes before and after the window show what
//                                    the re-read of N rows a minute cost, in one process.
// The load's catch-up measurement: the front end catches up every CatchUpIntervalSeconds, measured over CatchUpWindowSeconds.
const int CatchUpIntervalSeconds = 10;
const int CatchUpWindowSeconds = 30;
const int SweepRotationsPerSecond = 20;
const int SweepMinutes = 14;

return args switch
{
    ["load", var n, var webFront] => await Load(int.Parse(n, CultureInfo.InvariantCulture), webFront),
    ["sweep", var n, var webFront] => await Sweep(int.Parse(n, CultureInfo.InvariantCulture), webFront),
    ["rotate", var url, var rate, var seconds, .. var rest] when ParseRotateTail(rest) is { } tail =>
        await Rotate(new Uri(url), int.Parse(rate, CultureInfo.InvariantCulture), int.Parse(seconds, CultureInfo.InvariantCulture),
            tail.Pids, tail.Metrics.Length > 0 ? tail.Metrics : [new Uri(new Uri(url), "/metrics")]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Revocation load N WEBFRONT_DIR | Revocation sweep N WEBFRONT_DIR | Revocation rotate URL RATE SECONDS [[NAME=]PID...] [--metrics URL...]");
    return 2;
}

// [NAME=]PID… then optionally --metrics URL…; null when an argument is neither.
static ((string Name, int Pid)[] Pids, Uri[] Metrics)? ParseRotateTail(string[] rest)
{
    var split = Array.IndexOf(rest, "--metrics");
    var pidArgs = split < 0 ? rest : rest[..split];
    var metricArgs = split < 0 ? [] : rest[(split + 1)..];
    var pids = new List<(string, int)>();
    foreach (var arg in pidArgs)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (!int.TryParse(arg[(eq + 1)..], CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        pids.Add((eq < 0 ? $"pid {pid}" : arg[..eq], pid));
    }

    var metrics = new List<Uri>();
    foreach (var arg in metricArgs)
    {
        if (!Uri.TryCreate(arg, UriKind.Absolute, out var uri))
        {
            return null;
        }

        metrics.Add(uri);
    }

    return ([.. pids], [.. metrics]);
}

static async Task<int> Load(int count, string webFront)
{
    var root = Directory.CreateTempSubdirectory("oroorleans-revocation-load-").FullName;
    try
    {
        var baseline = await TimeReady(webFront, Path.Combine(root, "empty"), 0);
        var seeded = await TimeReady(webFront, Path.Combine(root, "seeded"), count);
        Console.WriteLine($"front end ready with {count:N0} facts in {seeded.Ready.TotalSeconds:F1} s (with none: {baseline.Ready.TotalSeconds:F1} s); " +
            $"CPU used to start {seeded.Cpu:F1} s (with none: {baseline.Cpu:F1} s, so {seeded.Cpu - baseline.Cpu:F1} s for the facts); " +
            $"resident memory {seeded.Rss / 1048576.0:F0} MB (with none: {baseline.Rss / 1048576.0:F0} MB; the co-hosted silo's shards hold the facts too)");
        Console.WriteLine($"then, idle, {CatchUpWindowSeconds} s of catch-up reads every {CatchUpIntervalSeconds} s: {seeded.CatchUpCpu:F2} s of CPU " +
            $"with {count:N0} facts (with none: {baseline.CatchUpCpu:F2} s)");
        return 0;
    }
    finally
    {
        DeleteDataDirectory(root);
    }
}

static async Task<int> Sweep(int count, string webFront)
{
    var root = Directory.CreateTempSubdirectory("oroorleans-revocation-sweep-").FullName;
    try
    {
        var rotated = 1;
        var minutes = new double[SweepMinutes + 1];
        await TimeReady(webFront, root, count, environment: new() { ["Tokens__AccessTokenLifetime"] = "00:09:00" }, then: async (url, pid) =>
        {
            // What one round of the sweeps' re-read costs by itself: every shard's live rows read back from the store
            // (the grain then merges each into its dictionary, where it changes nothing).
            var table = RevocationFactTable.Sqlite(new SqliteDataSource(SqliteStore.Prepare(root)));
            var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var reading = Stopwatch.StartNew();
            var rows = 0;
            for (var shard = 0; shard < IRevocationLedgerGrain.Shards; shard++)
            {
                rows += (await table.ReadLive(shard, DateTimeOffset.UtcNow)).Count;
            }

            self.Refresh();
            Console.WriteLine($"the sweeps' re-read, done once here: {rows:N0} rows in {reading.Elapsed.TotalSeconds:F2} s, " +
                $"{(self.TotalProcessorTime - cpuBefore).TotalSeconds:F2} s of CPU (this tool's process)");

            Console.WriteLine($"{SweepRotationsPerSecond} rotations/s for {SweepMinutes} min; the process's CPU each minute of them " +
                "(its shards activated about 35 s before; their timers re-read the stored rows for their first 10 min):");
            using var quiet = new StringWriter();
            var stdout = Console.Out;
            Console.SetOut(quiet); // Rotate's own 10-second lines; its summary is printed below
            try
            {
                var rotating = Rotate(new Uri(url), SweepRotationsPerSecond, SweepMinutes * 60, [], []);
                var cpu = CpuSeconds(pid);
                var clock = Stopwatch.StartNew();
                for (var minute = 1; minute <= SweepMinutes; minute++)
                {
                    await Task.Delay(TimeSpan.FromMinutes(minute) - clock.Elapsed);
                    var now = CpuSeconds(pid);
                    minutes[minute] = now - cpu;
                    stdout.WriteLine($"minute {minute,2}: {now - cpu:F2} s of CPU{(minute <= 10 ? " (re-reads due)" : "")}");
                    cpu = now;
                }

                rotated = await rotating;
            }
            finally
            {
                Console.SetOut(stdout);
            }

            Console.WriteLine(quiet.ToString().Split('\n').LastOrDefault(l => l.StartsWith("rotations:", StringComparison.Ordinal)));
        });
        // Minutes 1-2 warm the process up; minute 10 straddles the window's end.
        Console.WriteLine($"mean CPU a minute: minutes 3-9 (re-reads due) {minutes[3..10].Average():F2} s, " +
            $"minutes 11-{SweepMinutes} (none) {minutes[11..].Average():F2} s");
        return rotated;
    }
    finally
    {
        DeleteDataDirectory(root);
    }
}

// Lets go of the SQLite files this tool opened (the seeding, a re-read) and deletes the directory.
static void DeleteDataDirectory(string root)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

static async Task<(TimeSpan Ready, long Rss, double Cpu, double CatchUpCpu)> TimeReady(
    string webFront, string data, int count, Dictionary<string, string>? environment = null, Func<string, int, Task>? then = null)
{
    Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    if (count > 0)
    {
        var seeding = Stopwatch.StartNew();
        var table = RevocationFactTable.Sqlite(new SqliteDataSource(SqliteStore.Prepare(data)));
        var keepUntil = DateTimeOffset.UtcNow.AddHours(1);
        var byShard = Enumerable.Range(0, count)
            .Select(_ => Guid.NewGuid().ToString("N"))
            .GroupBy(IRevocationLedgerGrain.ShardOf);
        foreach (var shard in byShard)
        {
            await table.Upsert(shard.Key, [.. shard.Order(StringComparer.Ordinal).Select(k => new RevocationFact(RevocationKind.Family, k, 1, keepUntil))]);
        }

        Console.WriteLine($"seeded {count:N0} facts in {seeding.Elapsed.TotalSeconds:F1} s");
    }

    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var port = FreePort();
    var url = $"http://127.0.0.1:{port}";
    var start = new ProcessStartInfo("dotnet", "OroOrleans.WebFront.dll") { WorkingDirectory = webFront, RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["ASPNETCORE_URLS"] = url;
    start.Environment["Standalone__DataDirectory"] = data;
    start.Environment["Bootstrap__SeedFile"] = Path.GetFullPath(Path.Combine(webFront, "../../../seed.development.json"));
    start.Environment["Bootstrap__AllowDemoSecrets"] = "true";
    start.Environment["RateLimits__Enabled"] = "false"; // the sweep measurement rotates from one address
    foreach (var (key, value) in environment ?? [])
    {
        start.Environment[key] = value;
    }
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    start.Environment["Logging__LogLevel__OroOrleans.WebFront.Revocation"] = "Information";
    start.Environment["Revocation__ResyncInterval"] = TimeSpan.FromSeconds(CatchUpIntervalSeconds).ToString();
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var loaded = "";
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data?.Contains("Revocation view loaded", StringComparison.Ordinal) == true)
        {
            loaded = e.Data.Trim();
        }
    };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"WebFront exited with {process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                {
                    var ready = clock.Elapsed;
                    await Task.Delay(2000);
                    var cpu = CpuSeconds(process.Id);
                    var rss = Rss(process.Id);
                    Console.WriteLine($"{count:N0} facts: ready after {ready.TotalSeconds:F1} s, {cpu:F1} s of CPU; the front end logged: {loaded}");
                    // Idle, what the facts add to the process's CPU is the catch-up reads of every shard (the start with
                    // no facts measures the rest: timers, the GC).
                    await Task.Delay(TimeSpan.FromSeconds(CatchUpWindowSeconds));
                    var catchUp = CpuSeconds(process.Id) - cpu;
                    Console.WriteLine($"{count:N0} facts: {catchUp:F2} s of CPU over the next {CatchUpWindowSeconds} s, idle");
                    if (then is not null)
                    {
                        await then(url, process.Id);
                    }

                    return (ready, rss, cpu, catchUp);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("WebFront not ready within 3 minutes");
    }
    finally
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }
}

static async Task<int> Rotate(Uri url, int rate, int seconds, (string Name, int Pid)[] pids, Uri[] metrics)
{
    const string ClientId = "storefront0000000000000000000001";
    const string ClientSecret = "storefront-demo-secret-0000000001";
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    // Families: enough that each is rotated about once every two seconds, so one family's requests never queue.
    var familyCount = Math.Max(256, rate * 2);
    var families = Channel.CreateUnbounded<string>();
    var made = 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, familyCount), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) =>
    {
        using var response = await http.PostAsJsonAsync("/oauth2-token", new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = ClientId, ["client_secret"] = ClientSecret, ["username"] = "guest", ["password"] = "guest",
        }, ct);
        response.EnsureSuccessStatusCode();
        families.Writer.TryWrite(RefreshToken(await response.Content.ReadAsStringAsync(ct)));
        Interlocked.Increment(ref made);
    });
    Console.WriteLine($"{made} guest families; {rate} rotations/s for {seconds} s");

    var before = await Scrape(http, metrics);
    var latencies = new ConcurrentBag<double>();
    var window = new ConcurrentBag<double>();
    long failed = 0, starved = 0, done = 0;
    var failures = new ConcurrentDictionary<string, int>(); // why requests failed: status and OAuth error, or exception
    var inFlight = new List<Task>();
    var clock = Stopwatch.StartNew();
    var nextReport = TimeSpan.FromSeconds(10);
    long lastDone = 0;
    for (long i = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); i++)
    {
        // One reading of the clock: read twice, the second could pass the due time and make the wait negative.
        var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        if (!families.Reader.TryRead(out var token))
        {
            Interlocked.Increment(ref starved);
            token = await families.Reader.ReadAsync();
        }

        inFlight.Add(RotateOnce(token));
        if (inFlight.Count > 4096)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
        }

        if (clock.Elapsed >= nextReport)
        {
            var total = Interlocked.Read(ref done);
            var sample = window.ToArray();
            window.Clear();
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s: {(total - lastDone) / 10.0,7:F0} rotations/s, p50 {Percentile(sample, 50),6:F1} ms, p99 {Percentile(sample, 99),7:F1} ms, failed {failed}, "
                + string.Join(", ", pids.Select(p => $"{p.Name} {Rss(p.Pid) / 1048576.0:F0} MB")));
            lastDone = total;
            nextReport += TimeSpan.FromSeconds(10);
        }
    }

    await Task.WhenAll(inFlight);
    var elapsed = clock.Elapsed.TotalSeconds;
    var after = await Scrape(http, metrics);
    var all = latencies.ToArray();
    Console.WriteLine($"rotations: {done:N0} in {elapsed:F0} s = {done / elapsed:F0}/s (target {rate}), failed {failed}, starved {starved}; " +
        $"p50 {Percentile(all, 50):F1} ms, p99 {Percentile(all, 99):F1} ms");
    var writes = after.Count - before.Count;
    if (writes > 0)
    {
        Console.WriteLine($"ledger writes: {writes:N0}, mean {(after.Sum - before.Sum) / writes:F2} ms, {(after.Facts - before.Facts) / writes:F1} facts per write; " +
            $"p99 ≤ {Quantile(before.Buckets, after.Buckets, 0.99)} ms (histogram bucket)");
    }
    else
    {
        Console.WriteLine($"ledger writes: none seen on {string.Join(", ", metrics.Select(m => m.ToString()))} (no silo there)");
    }

    if (pids.Length > 0)
    {
        Console.WriteLine("resident at the end: " + string.Join(", ", pids.Select(p => $"{p.Name} {Rss(p.Pid) / 1048576.0:F0} MB")));
    }

    if (!failures.IsEmpty)
    {
        Console.WriteLine("failed rotations: " + string.Join(", ", failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} ×{f.Value}")));
    }

    return failed == 0 ? 0 : 1;

    async Task RotateOnce(string token)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync("/oauth2-token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["client_id"] = ClientId, ["client_secret"] = ClientSecret, ["refresh_token"] = token,
            }));
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            latencies.Add(ms);
            window.Add(ms);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
                failures.AddOrUpdate($"{(int)response.StatusCode} {OAuthError(body)}", 1, (_, n) => n + 1);
                return; // the family is gone; the pool shrinks by one
            }

            Interlocked.Increment(ref done);
            families.Writer.TryWrite(RefreshToken(body));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref failed);
            failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
        }
    }
}

static string OAuthError(string body)
{
    try
    {
        return JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "";
    }
    catch (JsonException)
    {
        return body.Length > 40 ? body[..40] : body;
    }
}

static string RefreshToken(string body) => JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;

static double Percentile(double[] values, int p)
{
    if (values.Length == 0)
    {
        return 0;
    }

    Array.Sort(values);
    return values[Math.Min(values.Length - 1, (int)(values.Length * p / 100.0))];
}

// The ledger's write histogram from the Prometheus text of each metrics URL, summed: count, sum, facts written,
// cumulative buckets. A URL that does not answer counts nothing.
static async Task<(double Count, double Sum, double Facts, Dictionary<double, double> Buckets)> Scrape(HttpClient http, Uri[] metrics)
{
    double count = 0, sum = 0, facts = 0;
    var buckets = new Dictionary<double, double>();
    var lines = new List<string>();
    foreach (var url in metrics)
    {
        try
        {
            lines.AddRange((await http.GetStringAsync(url)).Split('\n'));
        }
        catch (HttpRequestException)
        {
        }
    }

    foreach (var line in lines)
    {
        var value = line.Split(' ') is [.., var last] && double.TryParse(last, CultureInfo.InvariantCulture, out var v) ? v : 0;
        if (line.StartsWith("oroorleans_revocation_ledger_write_duration_milliseconds_count", StringComparison.Ordinal))
        {
            count += value;
        }
        else if (line.StartsWith("oroorleans_revocation_ledger_write_duration_milliseconds_sum", StringComparison.Ordinal))
        {
            sum += value;
        }
        else if (line.StartsWith("oroorleans_revocation_ledger_write_facts_sum", StringComparison.Ordinal))
        {
            facts += value;
        }
        else if (line.StartsWith("oroorleans_revocation_ledger_write_duration_milliseconds_bucket", StringComparison.Ordinal))
        {
            var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
            le = le[..le.IndexOf('"')];
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }
    }

    return (count, sum, facts, buckets);
}

static double Quantile(Dictionary<double, double> before, Dictionary<double, double> after, double q)
{
    var total = after.GetValueOrDefault(double.PositiveInfinity) - before.GetValueOrDefault(double.PositiveInfinity);
    foreach (var bound in after.Keys.Order())
    {
        if (after[bound] - before.GetValueOrDefault(bound) >= q * total)
        {
            return bound;
        }
    }

    return double.PositiveInfinity;
}

static long Rss(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}

// User and system CPU of a process, from /proc (clock ticks of 1/100 s on Linux).
static double CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
