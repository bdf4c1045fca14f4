using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>The silo a standalone front end co-hosts: loopback clustering on free ports, embedded durable storage.</summary>
public static class StandaloneSilo
{
    public static ISiloBuilder UseOroStandalone(this ISiloBuilder silo, IConfiguration configuration)
    {
        var standalone = ConfigurationBinding.Read(configuration, StandaloneOptions.Section, new StandaloneOptionsValidator());
        var orleans = ConfigurationBinding.Read(configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        // Not one of the HTTP ports, which Kestrel binds only after the silo has started.
        var siloPort = FreePort.Pick(standalone.SiloPort, [.. ServerUrls.Ports(configuration[ServerUrls.Key]), standalone.GatewayPort]);
        // No gateway unless one is asked for (§9.1): any local user could call every grain through it. The front end
        // co-hosting this silo calls its grains in process.
        var gatewayPort = standalone.GatewayPort;
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
        var data = DataDirectory.Prepare(standalone.DataDirectory);
        silo.AddOroSqliteGrainStorage(StorageNames.Main, data.Path);
        // One silo: reminders in memory suffice, since the key ring registers its reminder again on every start.
        silo.UseInMemoryReminderService();
        var keys = ConfigurationBinding.Read(configuration, KeysOptions.Section, new KeysOptionsValidator());
        silo.Services.AddSingleton(KeyEncryption.Resolve(keys, data.Path));
        silo.Services.AddSingleton(SigningKeyFile.Resolve(keys, configuration, TimeProvider.System));
        ImportedHashCheck.Require();
        silo.Services.AddOroGrainServices();
        MembershipClock.Register(silo.Services);
        silo.Services.AddSingleton(data);
        silo.Services.AddSingleton(new StandaloneEndpoints(siloPort, gatewayPort));
        silo.Services.AddHostedService<KeyProtectionBanner>();
        silo.Services.AddHostedService<StandaloneBanner>();
        return silo;
    }
}
