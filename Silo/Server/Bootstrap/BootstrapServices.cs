using Microsoft.Extensions.DependencyInjection;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>Registers the seeding step; register it after the silo so that it runs once the silo has started.</summary>
public static class BootstrapServices
{
    public static IServiceCollection AddOroSeeding(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddHostedService<SeedApplier>();
        return services;
    }
}
