using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OroOrleans.Silo.Hosting;
using Spectre.Console;

namespace OroOrleans.Silo.Import;

/// <summary>
/// <c>OroOrleans.Silo import customers FILE.jsonl [--concurrency N]</c>: migrates storefront customers from Oro
/// (§7.1) into a running cluster, as a short-lived Orleans client like the <c>clients</c> command. Progress is a bar
/// by bytes read on a terminal, a plain line on stderr every five seconds otherwise; the summary goes to stdout
/// (<c>key: value</c> lines), each refused line to stderr with its number and reason. The first SIGINT or SIGTERM stops
/// the reading, lets the creations under way finish, prints the summary so far and how to resume (a re-run skips what
/// exists); a second ends the process at once. Exit codes: 0 every line created or skipped (or <c>--help</c>), 1 a line
/// refused or failed (or no cluster), 2 usage, 130 stopped by SIGINT, 143 by SIGTERM.
/// </summary>
internal static class ImportCommand
{
    public const string Verb = "import";

    public const int DefaultConcurrency = 32;

    public const string Usage = """
        usage: import customers <file.jsonl> [--concurrency <1-1024>]
               one customer per line: {"email":"…","enabled":true,"password":"$2y$13$…"} (bcrypt or $argon2id$ hash)
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

        FileStream file;
        try
        {
            file = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"import: cannot read '{args[1]}': {e.Message}");
            return 1;
        }

        await using (file)
        {
            var (host, exitCode) = await ClusterClientHost.StartAsync(Verb);
            if (host is null)
            {
                return exitCode;
            }

            try
            {
                using var signals = new StopSignals();
                var import = new CustomerImport(host.Services.GetRequiredService<IGrainFactory>(), concurrency);
                var started = Stopwatch.GetTimestamp();
                var run = import.Run(file, signals.Token);
                await (Console.IsOutputRedirected ? PlainProgress(import, run, started) : BarProgress(import, run, file.Length));
                try
                {
                    await run;
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
                    bar.Description = string.Create(CultureInfo.InvariantCulture, $"{counts.Created:N0} created, {counts.Skipped:N0} skipped, {counts.Refused:N0} refused");
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
                $"import: {counts.Lines} lines, {counts.Created} created, {counts.Skipped} skipped, {counts.Refused} refused, {Rate(counts.Done, elapsed):F0} rows/s"));
        }
    }

    private static int Summary(CustomerImport import, TimeSpan elapsed)
    {
        foreach (var (line, reason) in import.Refused.OrderBy(r => r.Line))
        {
            Console.Error.WriteLine($"import: line {line}: {reason}");
        }

        var counts = import.Counts;
        var output = Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines: {counts.Lines}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created: {counts.Created}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skipped: {counts.Skipped}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refused: {counts.Refused}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failed: {counts.Failed}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds: {elapsed.TotalSeconds:F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows/s: {Rate(counts.Done, elapsed):F0}"));
        return counts.Refused == 0 ? 0 : 1;
    }

    private static double Rate(long rows, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? rows / elapsed.TotalSeconds : 0;
}
