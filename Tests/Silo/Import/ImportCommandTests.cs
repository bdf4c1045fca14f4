using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Isopoh.Cryptography.Argon2;
using Npgsql;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>
/// <c>OroOrleans.Silo import customers …</c> against a real cluster on PostgreSQL (one silo, one client-mode front
/// end), run as its own process: Oro's bcrypt and argon2id hashes (made here by the same libraries) log in through
/// the token endpoint, the first login replaces the stored hash by ours, bad lines are reported with their number,
/// and a re-run writes nothing.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class ImportCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Import_CreatesCustomersThatLogInWithOroPasswords_ReportsBadLines_AndReRunsWithoutChange()
    {
        await using var cluster = await CommandCluster.Start(output, "import", new Dictionary<string, string?>
        {
            // Room for a loaded machine: a login hashes twice (Oro's hash, then ours) in one grain call.
            ["Orleans__ResponseTimeout"] = "00:00:30",
            // At least three times that timeout, on the front end and the silo alike (a front end refuses to start
            // otherwise).
            ["Tokens__RefreshRetryWindow"] = "00:01:30",
        });
        var (connectionString, serviceId, directory, seed) = (cluster.ConnectionString, cluster.ServiceId, cluster.Directory, cluster.Seed);
        using var http = cluster.CreateClient();

        var tag = Guid.NewGuid().ToString("N")[..8];
        var bcryptEmail = $"bcrypt-{tag}@example.com";
        var argonEmail = $"argon-{tag}@example.com";
        var bcryptPassword = "oro-bcrypt-" + Guid.NewGuid().ToString("N");
        var argonPassword = "oro-argon-" + Guid.NewGuid().ToString("N");
        // Cheap costs keep the test fast; the formats are Oro's (PHP password_hash writes $2y$).
        var bcrypt = BCrypt.Net.BCrypt.HashPassword(bcryptPassword, 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);
        var disabledHash = BCrypt.Net.BCrypt.HashPassword(bcryptPassword, 4);
        var argon = Argon2.Hash(argonPassword, 1, 1024, 1, Argon2Type.HybridAddressing);
        var file = Path.Combine(directory, "customers.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            $$"""{"email":"{{bcryptEmail}}","enabled":true,"password":"{{bcrypt}}"}""",
            $$"""{"email":"{{argonEmail}}","password":"{{argon}}"}""",
            $$"""{"email":"disabled-{{tag}}@example.com","enabled":false,"password":"{{disabledHash}}"}""",
            "",
            "{not json",
            $$"""{"email":"no-at-sign","password":"{{bcrypt}}"}""",
            $$"""{"email":"md5-{{tag}}@example.com","password":"5f4dcc3b5aa765d61d8327deb882cf99"}""",
            $$"""{"email":"{{seed.CustomerEmail}}","password":"{{bcrypt}}"}""",
        ], new UTF8Encoding(false));

        Assert.Equal(2, (await cluster.Run("import", "customers")).ExitCode);
        Assert.Equal(1, (await cluster.Run("import", "customers", Path.Combine(directory, "missing.jsonl"))).ExitCode);

        var first = await cluster.Run("import", "customers", file, "--concurrency", "4");
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(("8", "3", "1", "3", "0"), (first.Value("lines"), first.Value("created"), first.Value("skipped"), first.Value("refused"), first.Value("failed")));
        Assert.Contains("import: line 5: not JSON", first.Output, StringComparison.Ordinal);
        Assert.Contains("import: line 6: email: must look like name@domain", first.Output, StringComparison.Ordinal);
        Assert.Contains("import: line 7: password: unsupported password hash", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 4:", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 8:", first.Output, StringComparison.Ordinal);

        Assert.True(await StoredHashesContain(connectionString, serviceId, bcrypt));
        Assert.True(await StoredHashesContain(connectionString, serviceId, argon));
        foreach (var (email, password, hash) in new[] { (bcryptEmail, bcryptPassword, bcrypt), (argonEmail, argonPassword, argon) })
        {
            var login = await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, email, password);
            Assert.NotNull(login["access_token"]);
            // The first successful login dropped Oro's hash for ours; the password still works with it.
            Assert.False(await StoredHashesContain(connectionString, serviceId, hash));
            Assert.NotNull((await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, email, password))["access_token"]);
        }

        using (var wrong = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
            ["username"] = $"disabled-{tag}@example.com", ["password"] = bcryptPassword,
        }))
        {
            // Imported disabled: the password is right, the account may not log in.
            Assert.False(wrong.IsSuccessStatusCode);
        }

        var before = await Versions(connectionString, serviceId);
        var again = await cluster.Run("import", "customers", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(("0", "4", "3"), (again.Value("created"), again.Value("skipped"), again.Value("refused")));
        Assert.Equal(before, await Versions(connectionString, serviceId));
        Assert.False(await StoredHashesContain(connectionString, serviceId, bcrypt));
        Assert.NotNull((await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, bcryptEmail, bcryptPassword))["access_token"]);
    }

    [SkippableFact]
    public async Task Import_StoppedBySigInt_FinishesWhatIsUnderWay_PrintsTheSummary_Exits130_AndARerunCreatesTheRest()
    {
        const int Customers = 4000;
        await using var cluster = await CommandCluster.Start(output, "import-stop");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hash = CheapOroHash(tag);
        var file = Path.Combine(cluster.Directory, "customers.jsonl");
        await File.WriteAllLinesAsync(file,
            Enumerable.Range(0, Customers).Select(i => $$"""{"email":"stop-{{tag}}-{{i}}@example.com","password":"{{hash}}"}"""),
            new UTF8Encoding(false));

        // Two at a time, so that the import is still running when the signal comes.
        string[] arguments = ["import", "customers", file, "--concurrency", "2"];
        var lines = new ConcurrentQueue<string>();
        using (var process = cluster.Launch(lines, arguments))
        {
            // The first progress line (every 5 s) shows it is past connecting and creating.
            await WaitForLine(process, lines, l => l.StartsWith("import: ", StringComparison.Ordinal) && l.Contains(" rows/s", StringComparison.Ordinal), "its first progress line");

            process.Signal("INT");
            var stopping = Stopwatch.StartNew();
            var exitCode = await process.WaitForExit(TimeSpan.FromSeconds(60));
            var stopped = cluster.Ran(arguments, exitCode, lines);

            Assert.Equal(130, stopped.ExitCode);
            // The creations under way end within the response timeout (5 s), and the client stops at once.
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGINT");
            Assert.Contains("import: interrupted by SIGINT after reading ", stopped.Output, StringComparison.Ordinal);
            Assert.Contains("Run the same command again to import the rest", stopped.Output, StringComparison.Ordinal);
            var created = long.Parse(stopped.Value("created"), CultureInfo.InvariantCulture);
            Assert.InRange(created, 1, Customers - 1);
            Assert.Equal(("0", "0", "0"), (stopped.Value("skipped"), stopped.Value("refused"), stopped.Value("failed")));
            Assert.InRange(long.Parse(stopped.Value("lines"), CultureInfo.InvariantCulture), created, Customers - 1);

            // Every creation the summary counted is there, and nothing it did not count was created behind its back.
            // Most of the 4,000 rows: hundreds a second on a quiet machine, 47 a second seen in CI on a loaded one.
            var rest = await cluster.Run(TimeSpan.FromMinutes(4), "import", "customers", file);
            Assert.Equal(0, rest.ExitCode);
            Assert.Equal((Customers.ToString(CultureInfo.InvariantCulture), (Customers - created).ToString(CultureInfo.InvariantCulture), created.ToString(CultureInfo.InvariantCulture), "0"),
                (rest.Value("lines"), rest.Value("created"), rest.Value("skipped"), rest.Value("refused")));
        }
    }

    [SkippableFact]
    public async Task Import_GzipOfUtf16WithDuplicates_ImportsEachEmailOnce_ReportsTheLaterLines_AndExits0()
    {
        await using var cluster = await CommandCluster.Start(output, "import-gzip");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hash = CheapOroHash(tag);
        string Line(string email) => $$"""{"email":"{{email}}","password":"{{hash}}"}""";
        // An Oro export across two websites: the same customer twice, once in other letter case.
        string[] lines = [Line($"ann-{tag}@example.com"), Line($"zoë-{tag}@example.com"), Line($"ANN-{tag}@Example.com"), Line($"bob-{tag}@example.com"), Line($"zoë-{tag}@example.com")];
        var text = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var file = Path.Combine(cluster.Directory, "customers.jsonl.gz");
        await File.WriteAllBytesAsync(file, Gzip([.. text.GetPreamble(), .. text.GetBytes(string.Join("\r\n", lines) + "\r\n")]));

        foreach (var (created, skipped) in new[] { ("3", "0"), ("0", "3") })
        {
            var run = await cluster.Run("import", "customers", file);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(("5", created, skipped, "2", "0", "0"),
                (run.Value("lines"), run.Value("created"), run.Value("skipped"), run.Value("duplicates"), run.Value("refused"), run.Value("failed")));
            Assert.Equal(
                ["import: line 3: duplicate of an email earlier in this file; skipped", "import: line 5: duplicate of an email earlier in this file; skipped"],
                run.Lines.Where(l => l.StartsWith("import: line ", StringComparison.Ordinal)));
        }

        // A gzip file damaged half-way: what comes before is imported and counted, then one line says where it stopped.
        string[] many = [.. Enumerable.Range(0, 2000).Select(i => Line($"gz-{tag}-{i}@example.com"))];
        var damaged = Gzip(Encoding.UTF8.GetBytes(string.Join('\n', many) + "\n"));
        for (var i = damaged.Length / 2; i < damaged.Length / 2 + 64; i++)
        {
            damaged[i] ^= 0x5a;
        }

        var damagedFile = Path.Combine(cluster.Directory, "damaged.jsonl.gz");
        await File.WriteAllBytesAsync(damagedFile, damaged);
        var broken = await cluster.Run("import", "customers", damagedFile);
        Assert.Equal(1, broken.ExitCode);
        var read = long.Parse(broken.Value("lines"), CultureInfo.InvariantCulture);
        Assert.InRange(read, 1, many.Length - 1);
        // The damage decodes to garbage for a while before inflate finds it: refused lines, even a duplicate. Every line
        // read is accounted for.
        Assert.Equal(read, new[] { "created", "refused", "duplicates" }.Sum(key => long.Parse(broken.Value(key), CultureInfo.InvariantCulture)));
        Assert.Contains($"import: cannot read '{damagedFile}' after line {read}: ", broken.Output, StringComparison.Ordinal);

        // The same file cut short (a copy that stopped): its lines up to the cut are imported, then the cut is told and
        // the exit code is 1, as for damage, instead of an import that looks complete.
        var whole = Gzip(Encoding.UTF8.GetBytes(string.Join('\n', many) + "\n"));
        var cutFile = Path.Combine(cluster.Directory, "cut.jsonl.gz");
        await File.WriteAllBytesAsync(cutFile, whole[..(whole.Length * 3 / 5)]);
        var cut = await cluster.Run("import", "customers", cutFile);
        Assert.Equal(1, cut.ExitCode);
        var readBeforeTheCut = long.Parse(cut.Value("lines"), CultureInfo.InvariantCulture);
        Assert.InRange(readBeforeTheCut, 1, many.Length - 1);
        Assert.Contains($"import: cannot read '{cutFile}' after line {readBeforeTheCut}: ", cut.Output, StringComparison.Ordinal);
        Assert.Contains("truncated", cut.Output, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Import_FromAPipe_IsReadAsItComes_AndAReRunFromAnotherPipeSkipsEveryCustomer()
    {
        await using var cluster = await CommandCluster.Start(output, "import-pipe");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hash = CheapOroHash(tag);
        string[] lines = [.. Enumerable.Range(0, 400).Select(i => $$"""{"email":"pipe-{{tag}}-{{i}}@example.com","password":"{{hash}}"}""")];
        // What `<(zcat customers.jsonl.gz)` or an ssh from the Oro host gives: a pipe, here a FIFO carrying gzip.
        var content = Gzip(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        foreach (var (created, skipped) in new[] { ("400", "0"), ("0", "400") })
        {
            var fifo = Path.Combine(cluster.Directory, $"customers-{created}.fifo");
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var outputLines = new ConcurrentQueue<string>();
            string[] arguments = ["import", "customers", fifo];
            using var process = cluster.Launch(outputLines, arguments);
            // The command waits for a writer, as any reader of a FIFO does; this test is the writer.
            await Task.Run(() =>
            {
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                writer.Write(content);
            }).WaitAsync(TimeSpan.FromSeconds(60));
            var run = cluster.Ran(arguments, await process.WaitForExit(TimeSpan.FromSeconds(120)), outputLines);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(("400", created, skipped, "0", "0"), (run.Value("lines"), run.Value("created"), run.Value("skipped"), run.Value("refused"), run.Value("failed")));
        }
    }

    [SkippableFact]
    public async Task Import_RefusedLine_IsOnStderrWhileTheImportRuns_NotHeldToTheEnd()
    {
        const int Customers = 4000;
        await using var cluster = await CommandCluster.Start(output, "import-stream");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hash = CheapOroHash(tag);
        var file = Path.Combine(cluster.Directory, "customers.jsonl");
        await File.WriteAllLinesAsync(file,
            ["{not json", .. Enumerable.Range(0, Customers).Select(i => $$"""{"email":"stream-{{tag}}-{{i}}@example.com","password":"{{hash}}"}""")],
            new UTF8Encoding(false));

        string[] arguments = ["import", "customers", file, "--concurrency", "1"];
        var lines = new ConcurrentQueue<string>();
        using var process = cluster.Launch(lines, arguments);
        // Held to the end (the old way), the line would come only after the process had ended.
        await WaitForLine(process, lines, l => l.StartsWith("import: line 1: not JSON", StringComparison.Ordinal), "line 1's refusal");

        Assert.DoesNotContain(lines, l => l.StartsWith("lines: ", StringComparison.Ordinal));
        process.Signal("INT");
        var stopped = cluster.Ran(arguments, await process.WaitForExit(TimeSpan.FromSeconds(60)), lines);
        Assert.Equal(130, stopped.ExitCode);
        Assert.Equal("1", stopped.Value("refused"));
        Assert.Single(stopped.Lines, l => l.StartsWith("import: line ", StringComparison.Ordinal));
    }

    /// <summary>One cheap bcrypt hash in Oro's <c>$2y$</c> spelling for every line: the import stores hashes, it does not compute them.</summary>
    private static string CheapOroHash(string tag) =>
        BCrypt.Net.BCrypt.HashPassword("oro-" + tag, 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

    /// <summary>Waits up to 60 s for the running import to write a line <paramref name="wanted"/> matches, failing if it ends first.</summary>
    private static async Task WaitForLine(ChildProcess process, ConcurrentQueue<string> lines, Func<string, bool> wanted, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!lines.Any(wanted))
        {
            Assert.False(process.HasExited, $"the import ended before {what}:\n" + string.Join('\n', lines));
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"no {what} within 60 s:\n" + string.Join('\n', lines));
            await Task.Delay(50);
        }
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static async Task<bool> StoredHashesContain(string connectionString, string serviceId, string hash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansstorage WHERE serviceid = @s AND position(@h IN payloadbinary) > 0", connection);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("h", Encoding.UTF8.GetBytes(hash));
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Every account's and login name's stored version (the id sequence may lease a range on a re-run: ids, not accounts).</summary>
    private static async Task<string> Versions(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(graintypestring || '/' || graintypehash || '/' || grainidhash || '=' || version, ',' ORDER BY graintypestring, grainidhash, graintypehash) FROM orleansstorage WHERE serviceid = @s AND graintypestring IN ('user', 'login-name')", connection);
        command.Parameters.AddWithValue("s", serviceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
