namespace OroOrleans.WebFront.Auth;

/// <summary>What the resource APIs need to validate tokens locally.</summary>
public static class ResourceApiServices
{
    public static IServiceCollection AddResourceApiServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicKeyCache>();
        services.AddSingleton<IPublicKeySource>(sp => sp.GetRequiredService<PublicKeyCache>());
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<Revocation.RevocationView>();
        services.AddSingleton<IAccessTokenRevocationCheck>(sp => sp.GetRequiredService<Revocation.RevocationView>());
        return services;
    }
}
