using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OroOrleans.Grains;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>A silo of a cluster (§9.2): ADO.NET clustering, grain storage and reminders on PostgreSQL.</summary>
public static class ClusterSilo
{
    /// <summary>The connection string's name: <c>ConnectionStrings:Orleans</c> (env <c>ConnectionStrings__Orleans</c>).</summary>
    public const string ConnectionStringName = "Orleans";

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
        silo.UseOroPostgres(RequiredConnectionString(configuration));
        silo.Services.AddOroGrainServices();
        return silo;
    }

    /// <summary>The PostgreSQL connection string, or a start-up failure naming the key.</summary>
    public static string RequiredConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new OptionsValidationException("ConnectionStrings", typeof(string), [$"ConnectionStrings:{ConnectionStringName}: a PostgreSQL connection string is required in cluster mode"]);
}
