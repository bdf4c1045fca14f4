using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.WebFront.Auth;

/// <summary>What the resource APIs need to validate tokens locally.</summary>
public static class ResourceApiServices
{
    public static IServiceCollection AddResourceApiServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicKeyCache>();
        services.AddSingleton<IPublicKeySource>(sp => sp.GetRequiredService<PublicKeyCache>());
        services.AddOptions<TokenCacheOptions>().BindConfiguration(TokenCacheOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenCacheOptions>, TokenCacheOptionsValidator>());
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<Revocation.RevocationView>();
        services.AddRevocationSync();
        return services;
    }
}
