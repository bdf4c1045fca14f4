using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>Turns a bad configuration or seed file into one clear line on stderr and exit code 1 (§9.3).</summary>
public static class StartupFailure
{
    public static bool IsConfigurationError(Exception e) => Unwrap(e) is OptionsValidationException or StartupConfigurationException
        // The configuration binder's own message names the key: "Failed to convert configuration value at 'Tokens:…'".
        || (Unwrap(e) is InvalidOperationException binder && binder.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal));

    /// <summary>Writes "<paramref name="program"/> cannot start: …" to stderr and returns the exit code 1.</summary>
    public static int Report(Exception e, string program = "OroOrleans")
    {
        var error = Unwrap(e);
        var message = error is OptionsValidationException options ? string.Join("; ", options.Failures.Select(f => Qualify(options.OptionsType, f))) : error.Message;
        Console.Error.WriteLine($"{program} cannot start: {message}");
        return 1;
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

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;
}
