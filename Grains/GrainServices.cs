using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Expiry;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;
using OroOrleans.Grains.Users;
using OroOrleans.Grains.Visitors;

namespace OroOrleans.Grains;

/// <summary>Registers what the grains need on a silo: options, caches and the token factory.</summary>
public static class GrainServices
{
    public static IServiceCollection AddOroGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOroTokenOptions();
        services.AddOptions<LockoutOptions>().BindConfiguration(LockoutOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LockoutOptions>, LockoutOptionsValidator>());
        services.AddOptions<PasswordOptions>().BindConfiguration(PasswordOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PasswordOptions>, PasswordOptionsValidator>());
        services.AddSingleton<ImportedHashMemory>();
        services.AddSingleton<ClientRegistrationCache>();
        // The hosts (cluster and standalone silos) register the protector of Keys:* before this; a bare test silo
        // stores keys in the clear.
        services.TryAddSingleton(KeyProtector.Plaintext);
        services.TryAddSingleton(OperatorSigningKey.None);
        services.AddOptions<KeysOptions>().BindConfiguration(KeysOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeysOptions>, KeysOptionsValidator>());
        services.AddSingleton<KeyRingCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, KeyRingStartup>();
        services.AddSingleton<TokenFactory>();
        services.AddOptions<GuestReserveOptions>().BindConfiguration(GuestReserveOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GuestReserveOptions>, GuestReserveOptionsValidator>());
        services.AddSingleton<GuestTokenReserve>();
        services.AddHostedService(sp => sp.GetRequiredService<GuestTokenReserve>());
        services.AddSingleton<OwnerCache>();
        services.AddSingleton<VisitorTokenValidator>();
        services.AddSingleton<IssuanceCounters>();
        services.AddOptions<IssuanceOptions>().BindConfiguration(IssuanceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IssuanceOptions>, IssuanceOptionsValidator>());
        services.AddSingleton<IssuanceCounterFlusher>();
        services.AddSingleton<UserIdAllocator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<UserIdAllocator>());
        services.AddHostedService(sp => sp.GetRequiredService<IssuanceCounterFlusher>());
        services.AddOptions<StorefrontOptions>().BindConfiguration(StorefrontOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorefrontOptions>, StorefrontOptionsValidator>());
        services.AddOptions<ExpiryOptions>().BindConfiguration(ExpiryOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExpiryOptions>, ExpiryOptionsValidator>());
        services.AddHostedService<ExpirySweepTimer>();
        services.AddOptions<RevocationLedgerOptions>();
        return services;
    }
}
