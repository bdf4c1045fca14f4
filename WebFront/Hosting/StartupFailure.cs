using Microsoft.Extensions.Options;
using OroOrleans.Silo.Bootstrap;

namespace OroOrleans.WebFront.Hosting;

/// <summary>Turns a bad configuration or seed file into one clear line on stderr and exit code 1 (§9.3).</summary>
public static class StartupFailure
{
    public static bool IsConfigurationError(Exception e) => Unwrap(e) is OptionsValidationException or SeedFileException;

    public static int Report(Exception e)
    {
        var error = Unwrap(e);
        var message = error is OptionsValidationException options ? string.Join("; ", options.Failures) : error.Message;
        Console.Error.WriteLine($"OroOrleans cannot start: {message}");
        return 1;
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;
}
