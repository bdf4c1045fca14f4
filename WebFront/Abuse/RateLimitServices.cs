using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Abuse;

/// <summary>Registers the token endpoint's abuse limits (§2.7).</summary>
public static class RateLimitServices
{
    public static IServiceCollection AddTokenRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<TokenRateLimits>();
        return services;
    }
}
