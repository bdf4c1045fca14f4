using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OroOrleans.Silo.Hosting;
using Spectre.Console;

namespace OroOrleans.Silo.Import;

/// <summary>
/// <c>OroOrleans.Silo import customers FILE.jsonl [--concurrency N]</c>: migrates storefront customers from Oro
/// (§7.1) into a running cluster, as a short-lived Orleans client like the <c>clients</c> command. The file is checked
/// before the cluster is contacted (<see cref="CustomerFile"/>: a directory, a missing file or binary data is refused in
/// one line naming it; gzip is read as it is; a pipe, or <c>-</c> for standard input, as it comes). Progress is a bar by
/// bytes read (compressed bytes for a gzip file) on a terminal, a plain line on stderr every five seconds otherwise
/// and for a pipe, whose length is not known; each refused or duplicate line goes to
/// stderr as it is met (<c>import: line N: reason</c>); the summary goes to stdout (<c>key: value</c> lines). The first
/// SIGINT or SIGTERM stops the reading, lets the creations under way finish, prints the summary so far and how to
/// resume (a re-run skips what exists); a second ends the process at once. Exit codes: 0 every line created, skipped
/// or a duplicate (or <c>--help</c>), 1 a line refused or failed, the file refused or unreadable part-way (or no
/// cluster), 2 usage, 130 stopped by SIGINT, 143 by SIGTERM. A duplicate (an email an earlier line of the file gave)
/// does not make it 1: every email of the file then has its account, from its first valid line, and a re-run would
/// change nothing, so there is nothing to retry; the summary's <c>duplicates</c> and the stderr lines show them.
/// </summary>
internal static class ImportCommand
{
    public const string Verb = "import";

    public const int DefaultConcurrency = 32;

    public const string Usage = """
        usage: import customers <file.jsonl | -> [--concurrency <1-1024>]
               one customer per line: {"email":"…","enabled":true,"password":"$2y$13$…"} (bcrypt or $argon2id$ hash)
               UTF-8 (or UTF-16 with a byte order mark), read through gzip when the file is gzip-compressed
               - reads standard input; a pipe is read as it comes (e.g. <(xz -dc customers.jsonl.xz))
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (CommandLine.AsksForHelp(args))
        {
            await Console.Out.WriteLineAsync(Usage);
            return 0;
        }

        var concurrency = DefaultConcurrency;
        var usage = args.Count is not (2 or 4) || args[0] != "customers"
            || (args.Count == 4 && (args[2] != "--concurrency" || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 1024));
        if (usage)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        // Before the cluster: a file that cannot be imported says so at once, whatever the cluster's state.
        var (opened, problem) = CustomerFile.Open(args[1]);
        if (opened is null)
        {
            await Console.Error.WriteLineAsync($"import: {problem}");
            return 1;
        }

        using (var file = opened)
        {
            var (host, exitCode) = await ClusterClientHost.StartAsync(Verb);
            if (host is null)
            {
                return exitCode;
            }

            try
            {
                using var signals = new StopSignals();
                var bar = !Console.IsOutputRedirected && file.Length is not null;
                var import = new CustomerImport(host.Services.GetRequiredService<IGrainFactory>(), concurrency, Reporter(bar));
                var started = Stopwatch.GetTimestamp();
                var run = import.Run(file, signals.Token);
                await (bar ? BarProgress(import, run, file.Length!.Value) : PlainProgress(import, run, started));
                try
                {
                    await run;
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    // A gzip stream corrupt past its start, a disk error: what was read is imported and counted.
                    Summary(import, Stopwatch.GetElapsedTime(started));
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"import: cannot read {file.Name} after line {import.Counts.Lines}: {e.Message.TrimEnd('.')}; the lines before were imported (a re-run skips them)"));
                    return 1;
                }
                catch (OperationCanceledException) when (signals.Received is { } signal)
                {
                    Summary(import, Stopwatch.GetElapsedTime(started));
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"import: interrupted by {signal} after reading {import.Counts.Lines} lines; the creations under way were finished. Run the same command again to import the rest: a re-run skips every customer whose email exists."));
                    return signals.ExitCode;
                }

                return Summary(import, Stopwatch.GetElapsedTime(started));
            }
            finally
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    private static async Task BarProgress(CustomerImport import, Task run, long length)
    {
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("customers", maxValue: Math.Max(length, 1));
                while (true)
                {
                    var finished = await Task.WhenAny(run, Task.Delay(200)) == run;
                    var counts = import.Counts;
                    bar.Value = import.BytesRead;
                    bar.Description = string.Create(CultureInfo.InvariantCulture, $"{counts.Created:N0} created, {counts.Skipped:N0} skipped, {counts.Duplicates:N0} duplicates, {counts.Refused:N0} refused");
                    if (finished)
                    {
                        bar.Value = bar.MaxValue;
                        return;
                    }
                }
            });
    }

    private static async Task PlainProgress(CustomerImport import, Task run, long started)
    {
        while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5))) != run)
        {
            var counts = import.Counts;
            var elapsed = Stopwatch.GetElapsedTime(started);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"import: {counts.Lines} lines, {counts.Created} created, {counts.Skipped} skipped, {counts.Duplicates} duplicates, {counts.Refused} refused, {Rate(counts.Done, elapsed):F0} rows/s"));
        }
    }

    /// <summary>
    /// Where a refused line is told: stderr, except under a progress bar on a terminal that stderr shares, where a
    /// line written behind Spectre's back is overwritten by the bar's next redraw; written through it, it lands above.
    /// </summary>
    private static Action<long, string> Reporter(bool bar) => bar && !Console.IsErrorRedirected
        ? (line, reason) => AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: line {line}: {reason}"))
        : (line, reason) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: line {line}: {reason}"));

    private static int Summary(CustomerImport import, TimeSpan elapsed)
    {
        var counts = import.Counts;
        var output = Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines: {counts.Lines}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created: {counts.Created}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skipped: {counts.Skipped}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duplicates: {counts.Duplicates}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refused: {counts.Refused}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failed: {counts.Failed}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds: {elapsed.TotalSeconds:F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows/s: {Rate(counts.Done, elapsed):F0}"));
        return counts.Refused == 0 ? 0 : 1;
    }

    private static double Rate(long rows, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? rows / elapsed.TotalSeconds : 0;
}
