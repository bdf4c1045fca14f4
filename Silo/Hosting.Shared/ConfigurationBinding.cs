using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Reads an options section before the host is built (the silo's ports and storage are decided then) and
/// stops the process with a message naming the key when a value is invalid (§9.3).
/// </summary>
public static class ConfigurationBinding
{
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(section, typeof(T), [StartupFailure.BinderFailure(e.Message) ?? $"{section}: {e.Message}"]);
        }

        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(T), result.Failures.Select(f => $"{section}:{f}"));
        }

        return options;
    }
}
