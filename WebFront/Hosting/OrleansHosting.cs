using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OroOrleans.Grains.Tokens;
#if OROSTANDALONE
using OroOrleans.Silo.Bootstrap;
#endif
using OroOrleans.Silo.Hosting;
using OroOrleans.Silo.Management;
using OroOrleans.Silo.Storage;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// Joins the front end to the cluster: in standalone mode (default) by co-hosting a silo, in client mode as an
/// Orleans client of the configured gateways (§9).
/// </summary>
public static class OrleansHosting
{
    public static WebApplicationBuilder AddOroOrleans(this WebApplicationBuilder builder)
    {
        var orleans = ConfigurationBinding.Read(builder.Configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var dashboard = Telemetry.ReadManagement(builder.Configuration).ServesDashboard;
        var retryWindow = builder.Configuration.GetValue(
            $"{TokenOptions.Section}:{nameof(TokenOptions.RefreshRetryWindow)}", new TokenOptions().RefreshRetryWindow);
        if (RetryWindowProblem(retryWindow, orleans.ResponseTimeout) is { } problem)
        {
            throw new OptionsValidationException(TokenOptions.Section, typeof(TokenOptions), [problem]);
        }

        builder.Services.AddClusterCalls(orleans.ResponseTimeout);
        if (orleans.Mode == "Client")
        {
            var tls = ClusterTls.ForClient(builder.Configuration);
            builder.UseOrleansClient(client =>
            {
                // Fixed gateways (a front end beside a standalone silo), else the cluster's membership table.
                if (orleans.Gateways.Count > 0)
                {
                    client.UseStaticClustering(orleans.Gateways.Select(ParseGateway).ToArray());
                }
                else
                {
                    client.UseOroPostgresClustering(ClusterConnection.Required(builder.Configuration));
                    // The client drops a gateway whose connection fails by itself; the refresh is how it learns of
                    // silos that joined (a replaced or added silo) and of gateways declared dead. Orleans' default is
                    // 60 s; one small query every 10 s per front end gets new silos used within seconds.
                    client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
                    builder.Services.AddSiloDeathWatcher(ClusterConnection.Required(builder.Configuration), orleans.ClusterId);
                }

                client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (orleans.ServiceId, orleans.ClusterId));
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
                // Mutual TLS with the cluster's silos when Orleans:Tls:* names the certificates (§9.2).
                client.UseOroTls(tls);
                client.AddOroManagement();
            });
            builder.Services.AddOroTokenOptions();
            return builder;
        }

#if OROSTANDALONE
        builder.UseServedAddressAsIssuer();
        builder.UseOrleans(silo => silo.UseOroStandalone(builder.Configuration).AddOroManagement(dashboard));
        // Registered after the silo, so it runs once the silo has started.
        builder.Services.AddOroSeeding();
        return builder;
#else
        throw new OptionsValidationException(OrleansOptions.Section, typeof(OrleansOptions),
            ["Orleans:Mode: this front end was built without the co-hosted silo (OroStandalone=false); set Orleans:Mode=Client"]);
#endif
    }

    /// <summary>
    /// Null when a front end's resends fit the silos' refresh retry window, else the problem. A front end resends a
    /// refresh whose answer was lost for up to twice <c>Orleans:ResponseTimeout</c> after its first attempt
    /// (<see cref="ClusterCallBudget"/>), and the last resend may itself wait that long for a grain that is being
    /// activated anew; the family answers the same pair only within <c>Tokens:RefreshRetryWindow</c> of the rotation,
    /// so the window must be at least three times the timeout, or a resend turns into reuse and ends the session.
    /// Zero (retries off) is the operator's choice and passes. The two keys belong to different processes in a
    /// cluster: a front end checks the window it is configured with (default 30 s), so set it on both when either
    /// changes.
    /// </summary>
    public static string? RetryWindowProblem(TimeSpan refreshRetryWindow, TimeSpan responseTimeout)
    {
        var lastAnswer = ClusterCallBudget.For(responseTimeout).Value + responseTimeout;
        return refreshRetryWindow > TimeSpan.Zero && refreshRetryWindow < lastAnswer
            ? $"Tokens:RefreshRetryWindow: {refreshRetryWindow:c} must be at least three times "
              + $"Orleans:ResponseTimeout ({responseTimeout:c}): a front end resends a refresh whose answer was lost "
              + "for up to twice the timeout and waits up to the timeout for the resend (or 0 to turn retries off)"
            : null;
    }

    /// <summary>The one way requests call grains (<see cref="ClusterCalls"/>) and what readiness learns from it.</summary>
    public static IServiceCollection AddClusterCalls(this IServiceCollection services, TimeSpan responseTimeout)
    {
        services.AddSingleton(ClusterCallBudget.For(responseTimeout));
        services.AddSingleton<SiloDeaths>();
        services.AddSingleton<Health.ClusterAvailability>();
        services.AddSingleton<ClusterCalls>();
        return services;
    }

    /// <summary>Ends the calls in flight when a silo is declared dead (<see cref="SiloDeathWatcher"/>).</summary>
    private static IServiceCollection AddSiloDeathWatcher(this IServiceCollection services, string connectionString, string clusterId) =>
        services.AddHostedService(provider => new SiloDeathWatcher(
            connectionString, clusterId, provider.GetRequiredService<SiloDeaths>(), provider.GetRequiredService<ILogger<SiloDeathWatcher>>()));

    private static IPEndPoint ParseGateway(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is <= 0 or > 65535)
        {
            throw new OptionsValidationException(OrleansOptions.Section, typeof(OrleansOptions), [$"Orleans:Gateways: '{value}' is not host:port"]);
        }

        var host = value[..colon];
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }

        try
        {
            return new IPEndPoint(Dns.GetHostAddresses(host).First(), port);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException or InvalidOperationException)
        {
            throw new OptionsValidationException(OrleansOptions.Section, typeof(OrleansOptions), [$"Orleans:Gateways: '{host}' does not resolve to an address"]);
        }
    }
}
