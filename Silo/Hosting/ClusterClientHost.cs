using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The short-lived Orleans client of the operator commands (<c>clients</c>, <c>import</c>): it finds the gateways in
/// the PostgreSQL membership table named by the silo's own configuration (<c>ConnectionStrings:Orleans</c>,
/// <c>Orleans:*</c>) and stays quiet unless something fails, so stdout carries the command's answer only.
/// </summary>
internal static class ClusterClientHost
{
    /// <summary>A started client, or null with the exit code to return (1: bad configuration or no cluster).</summary>
    public static async Task<(IHost? Host, int ExitCode)> StartAsync(string command)
    {
        IHost host;
        try
        {
            host = Build();
            await host.StartAsync();
            return (host, 0);
        }
        catch (Exception e) when (StartupFailure.IsConfigurationError(e))
        {
            return (null, StartupFailure.Report(e, command));
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{command}: cannot reach the cluster: {e.GetBaseException().Message}");
            return (null, 1);
        }
    }

    private static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // Registered after appsettings' levels, so it wins over them.
        builder.Logging.AddFilter((_, _, level) => level >= LogLevel.Error);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var orleans = ConfigurationBinding.Read(builder.Configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var connectionString = ClusterConnection.Required(builder.Configuration);
        var tls = ClusterTls.ForClient(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseOroPostgresClustering(connectionString);
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (orleans.ServiceId, orleans.ClusterId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
            client.UseOroTls(tls);
        });
        return builder.Build();
    }
}
