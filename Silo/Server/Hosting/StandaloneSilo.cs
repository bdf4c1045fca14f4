using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>The silo a standalone front end co-hosts: loopback clustering on free ports, embedded durable storage.</summary>
public static class StandaloneSilo
{
    public static ISiloBuilder UseOroStandalone(this ISiloBuilder silo, IConfiguration configuration)
    {
        var standalone = ConfigurationBinding.Read(configuration, StandaloneOptions.Section, new StandaloneOptionsValidator());
        var orleans = ConfigurationBinding.Read(configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var siloPort = FreePort.Pick(standalone.SiloPort);
        var gatewayPort = FreePort.Pick(standalone.GatewayPort);
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
        silo.AddOroSqliteGrainStorage(StorageNames.Main, Path.GetFullPath(standalone.DataDirectory));
        silo.Services.AddOroGrainServices();
        silo.Services.AddSingleton(new StandaloneEndpoints(siloPort, gatewayPort));
        silo.Services.AddHostedService<StandaloneBanner>();
        return silo;
    }
}
