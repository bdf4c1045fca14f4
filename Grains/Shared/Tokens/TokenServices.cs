using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Tokens;

/// <summary>Registrations that silos and front ends share.</summary>
public static class TokenServices
{
    /// <summary>Token options, which front ends need too (issuer, lifetimes).</summary>
    public static IServiceCollection AddOroTokenOptions(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>());
        return services;
    }
}
