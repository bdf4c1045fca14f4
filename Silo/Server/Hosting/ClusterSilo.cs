using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OroOrleans.Grains;
using OroOrleans.Grains.Keys;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>A silo of a cluster (§9.2): ADO.NET clustering, grain storage and reminders on PostgreSQL.</summary>
public static class ClusterSilo
{
    public static ISiloBuilder UseOroCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = ConfigurationBinding.Read(configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var endpoints = ConfigurationBinding.Read(configuration, SiloEndpointOptions.Section, new SiloEndpointOptionsValidator());
        if (!IPAddress.TryParse(endpoints.AdvertisedAddress, out var address))
        {
            throw new OptionsValidationException(SiloEndpointOptions.Section, typeof(SiloEndpointOptions), [$"Silo:AdvertisedAddress: '{endpoints.AdvertisedAddress}' is not an IP address"]);
        }

        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (orleans.ServiceId, orleans.ClusterId));
        silo.ConfigureEndpoints(address, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        // Before storage: a silo that would listen beyond loopback without TLS stops here (§9.2).
        if (ClusterTls.ForSilo(configuration, address, out var tlsDisabled) is { } tls)
        {
            silo.UseTls(tls.Configure);
            silo.Services.AddSingleton(tls);
        }
        else if (tlsDisabled && !IPAddress.IsLoopback(address))
        {
            silo.Services.AddHostedService<TlsDisabledBanner>();
        }

        silo.UseOroPostgres(ClusterConnection.Required(configuration));
        silo.Configure<ClusterMembershipOptions>(DetectDeadSilosInSeconds);
        var keys = ConfigurationBinding.Read(configuration, KeysOptions.Section, new KeysOptionsValidator());
        silo.Services.AddSingleton(KeyEncryption.Resolve(keys, standaloneDataDirectory: null));
        silo.Services.AddSingleton(SigningKeyFile.Resolve(keys, configuration, TimeProvider.System));
        ImportedHashCheck.Require();
        silo.Services.AddOroGrainServices();
        MembershipClock.Register(silo.Services);
        silo.Services.AddHostedService<KeyProtectionBanner>();
        return silo;
    }

    /// <summary>
    /// A killed silo must cost seconds, not tens of seconds (§9.2). Grains that lived on it cannot re-activate on a
    /// survivor until membership declares it dead, so until then every call that needs one of them fails: the
    /// front end's outage is the detection time. A killed process refuses connections, so each probe fails at once
    /// and detection takes NumMissedProbesLimit probe periods. Orleans 10.4's defaults (3 missed probes; the
    /// period adapts between MinProbeTimeout 2.5 s and MaxProbeTimeout 20 s, starting at ProbeTimeout 5 s)
    /// measured 7-15 s here (Tests/Cluster/SiloFailoverTests). Probing every 2 s and declaring death after
    /// 2 missed probes brings it to 2-4 s. Still sane in production: a probe every 2 s per monitored silo is
    /// cheap; the period still stretches up to 20 s when probes answer slowly or the local silo is degraded (GC
    /// pauses, CPU starvation); with 3 or more silos the last probe goes through another silo (indirect probe)
    /// and 2 votes are needed (in a cluster of 2 silos Orleans takes the survivor's vote alone).
    /// </summary>
    private static void DetectDeadSilosInSeconds(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.MinProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
    }
}
