using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Turns a bad configuration or seed file into one clear line on stderr and exit code 1 (§8, §9.3):
/// <c>OroOrleans cannot start: &lt;Section&gt;:&lt;Key&gt;: &lt;problem&gt;</c>, and nothing else.
/// </summary>
public static class StartupFailure
{
    /// <summary>The generic host's own logger, which reports a failed start (with its stack trace) before rethrowing.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// Orleans' loggers that report a silo's failed start, each with the stack trace, before the exception reaches the
    /// program: the lifecycle stage that failed, then the silo (a key ring that does not open with the configured
    /// key-encryption key: 18 lines before the one that says so).
    /// </summary>
    private static readonly string[] SiloStartCategories = ["Orleans.Runtime.SiloLifecycleSubject", "Orleans.Runtime.Silo"];

    private static volatile bool hostStarted;

    /// <summary>While <see cref="RunCheckedAsync"/> waits for the host's start (not the stop after a failed one).</summary>
    private static volatile bool starting;

    public static bool IsConfigurationError(Exception e) => Unwrap(e) is OptionsValidationException or StartupConfigurationException or OrleansConfigurationException
        // The configuration binder's own message names the key: "Failed to convert configuration value at 'Tokens:…'".
        || (Unwrap(e) is InvalidOperationException binder && binder.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        // Kestrel's, for an https URL without a certificate.
        || (Unwrap(e) is InvalidOperationException https && https.Message.StartsWith("Unable to configure HTTPS endpoint", StringComparison.Ordinal));

    /// <summary>Writes "<paramref name="program"/> cannot start: …" to stderr, on one line, and returns the exit code 1.</summary>
    public static int Report(Exception e, string program = "OroOrleans")
    {
        var error = Unwrap(e);
        var message = error switch
        {
            OptionsValidationException options => string.Join("; ", options.Failures.Select(f => Qualify(options.OptionsType, f))),
            OrleansConfigurationException => $"{OrleansOptions.Section}: {error.Message}",
            InvalidOperationException when BinderFailure(error.Message) is { } binder => binder,
            InvalidOperationException when error.Message.StartsWith("Unable to configure HTTPS endpoint", StringComparison.Ordinal) => $"{ServerUrls.Key}: {error.Message}",
            _ => error.Message,
        };
        Console.Error.WriteLine($"{program} cannot start: {OneLine(message)}");
        return 1;
    }

    /// <summary><paramref name="message"/> on one line: its lines joined by single spaces, blank ones dropped.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// Until the host has started, leaves out the generic host's "Hosting failed to start" error: the exception is
    /// rethrown to the program, which reports a configuration error as one line and lets any other exception end
    /// the process with its stack trace on stderr, so the log entry only doubled it (25 lines before the message).
    /// Everything else the host logs, and everything after the start, is untouched.
    /// </summary>
    /// <remarks>
    /// Orleans' reports of a failed silo start (<see cref="SiloStartCategories"/>) are left out while the host starts:
    /// their errors then always end in the exception the program gets. Not after a failed start: what the stop of a
    /// half-started silo logs is not in that exception. Every category under those names keeps the level
    /// <c>Logging:LogLevel</c> gives it (<see cref="ConfiguredLevel"/>, read at each entry, so a reloaded file counts).
    /// </remarks>
    public static WebApplicationBuilder ReportStartFailuresOnce(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (hostStarted || level < LogLevel.Error));
        var levels = builder.Configuration.GetSection("Logging:LogLevel");
        foreach (var category in SiloStartCategories)
        {
            // The rule's own level is left unset: the filter applies the configured one, so that the rule, which a
            // category under the same prefix (Orleans.Runtime.SiloControl) also takes, changes nothing for it.
            builder.Services.Configure<LoggerFilterOptions>(options => options.Rules.Add(new LoggerFilterRule(null, category, null,
                (_, name, level) => level >= ConfiguredLevel(levels, name ?? category)
                    && !(starting && level >= LogLevel.Error && string.Equals(name, category, StringComparison.Ordinal)))));
        }

        return builder;
    }

    /// <summary>
    /// The level <c>Logging:LogLevel</c> gives <paramref name="category"/>, chosen as .NET's logging chooses among keys
    /// without a provider: the longest key that matches (a prefix, or with one <c>*</c> a prefix and a suffix), else
    /// <c>Default</c>, else Information. A key with an empty value is passed over.
    /// </summary>
    public static LogLevel ConfiguredLevel(Microsoft.Extensions.Configuration.IConfigurationSection levels, string category)
    {
        LogLevel? chosen = null;
        var longest = -1;
        foreach (var key in levels.GetChildren())
        {
            if (key.Key == "Default" || key.Key.Length <= longest || !Enum.TryParse<LogLevel>(key.Value, ignoreCase: true, out var level) || !Matches(key.Key, category))
            {
                continue;
            }

            (chosen, longest) = (level, key.Key.Length);
        }

        return chosen ?? (Enum.TryParse<LogLevel>(levels["Default"], ignoreCase: true, out var fallback) ? fallback : LogLevel.Information);

        static bool Matches(string key, string category)
        {
            var star = key.IndexOf('*', StringComparison.Ordinal);
            return star < 0
                ? category.StartsWith(key, StringComparison.OrdinalIgnoreCase)
                : category.Length >= key.Length - 1
                    && category.StartsWith(key[..star], StringComparison.OrdinalIgnoreCase)
                    && category.EndsWith(key[(star + 1)..], StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Checks every option registered with <c>ValidateOnStart</c> before any hosted service starts (the co-hosted
    /// silo, Kestrel), so that a bad value stops the process before anything is bound or logged; then runs the host.
    /// </summary>
    /// <remarks>
    /// A stop asked for by a signal before the start has finished (SIGTERM while a front end waits for its first
    /// gateway, or during a rolling update) cancels the start; the process then exits 0 as for any other stop (§8)
    /// instead of ending on the cancellation as an unhandled exception (exit code 134). Only a signal counts: a
    /// start that the host stops itself (a background service that failed) still fails.
    /// </remarks>
    public static async Task RunCheckedAsync(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.Lifetime.ApplicationStarted.Register(() => hostStarted = true);
        // Cancel stays false: the host's own handler (ConsoleLifetime) decides what the signal does.
        var signalled = false;
        PosixSignalRegistration[] registrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => Volatile.Write(ref signalled, true)))];
        try
        {
            try
            {
                starting = true;
                await app.StartAsync();
            }
            catch (Exception) when (!Volatile.Read(ref signalled))
            {
                starting = false;
                await StopWhatStarted(app);
                throw;
            }
            finally
            {
                starting = false;
            }

            await app.WaitForShutdownAsync();
        }
        catch (Exception e) when (!hostStarted)
        {
            // The start's cancellation can unwind to here inside the host's signal handler, before ours has run (the
            // order of a signal's handlers is not ours to choose): wait a moment for it. Only a failed start waits.
            for (var waited = 0; waited < 20 && !Volatile.Read(ref signalled); waited++)
            {
                await Task.Delay(50);
            }

            if (!Volatile.Read(ref signalled))
            {
                throw;
            }

            // The host and its loggers are gone by now: one line on the console, as for a failed start.
            Console.Out.WriteLine($"OroOrleans stopped before its start had finished: a stop was requested while starting ({e.GetType().Name})");
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    /// <summary>
    /// After a failed start, stops the services that had started (the co-hosted silo) with time to stop, before the
    /// host is disposed. Disposing a running silo stops it with a cancelled token: 40 lines of stack traces from Orleans
    /// before the one line that says what was wrong.
    /// </summary>
    private static async Task StopWhatStarted(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (Exception stop) when (stop is not OutOfMemoryException)
        {
            // The start's own error is the one to report.
        }
    }

    /// <summary>
    /// The configuration binder's "Failed to convert configuration value 'x' at 'Tokens:AccessTokenLifetime' to type
    /// 'System.TimeSpan'." as "Tokens:AccessTokenLifetime: 'x' cannot be read as System.TimeSpan"; null for other messages.
    /// </summary>
    public static string? BinderFailure(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'");
        return !match.Success ? null
            : match.Groups["value"].Success ? $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' cannot be read as {match.Groups["type"].Value}"
            : $"{match.Groups["key"].Value}: cannot be read as {match.Groups["type"].Value}";
    }

    /// <summary>
    /// Options validators name the member ("Algorithm: …"); operators set the key ("Tokens:Algorithm"), so the
    /// section of the options class (its <c>Section</c> constant) is put in front.
    /// </summary>
    private static string Qualify(Type optionsType, string failure)
    {
        var section = optionsType.GetField("Section")?.GetValue(null) as string;
        return section is null || failure.StartsWith(section + ":", StringComparison.Ordinal) ? failure : $"{section}:{failure}";
    }

    /// <summary>
    /// The error inside an <see cref="AggregateException"/>: its only one, or the first configuration error among
    /// several (the start-up validator aggregates, and a validator that reads other options repeats their failure).
    /// </summary>
    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } one => Unwrap(one.InnerExceptions[0]),
        AggregateException many when many.InnerExceptions.FirstOrDefault(IsConfigurationError) is { } configuration => Unwrap(configuration),
        _ => e,
    };
}
