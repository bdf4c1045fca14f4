using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// The revocation view and what keeps it in step with the ledger. Register after the Orleans client or silo, so
/// that the sync starts once the cluster can be called.
/// </summary>
public static class RevocationServices
{
    public static IServiceCollection AddRevocationSync(this IServiceCollection services)
    {
        services.AddOptions<RevocationSyncOptions>().BindConfiguration(RevocationSyncOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RevocationSyncOptions>, RevocationSyncOptionsValidator>());
        services.TryAddSingleton<RevocationView>();
        services.AddSingleton<RevocationReadiness>();
        services.AddSingleton<RevocationViewLag>();
        services.AddSingleton<RevocationReads>();
        services.TryAddSingleton<RevocationObserverReference>();
        services.AddSingleton<IAccessTokenRevocationCheck, GatedRevocationCheck>();
        services.AddHostedService<RevocationSync>();
        return services;
    }
}
