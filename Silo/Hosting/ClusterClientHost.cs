using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using Orleans.Configuration;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The short-lived Orleans client of the operator commands (<c>clients</c>, <c>import</c>): it finds the gateways in
/// the PostgreSQL membership table named by the silo's own configuration (<c>ConnectionStrings:Orleans</c>,
/// <c>Orleans:*</c>). It says on stderr which cluster it is connecting to, gives up after
/// <see cref="OrleansOptions.ConnectTimeout"/> with one line naming what failed, and is quiet otherwise, so stdout
/// carries the command's answer only.
/// </summary>
internal static class ClusterClientHost
{
    /// <summary>The generic host's own logger, which logs a failed start with its stack trace; the one line here says it.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>A started client, or null with the exit code to return (1: bad configuration or no cluster).</summary>
    public static async Task<(IHost? Host, int ExitCode)> StartAsync(string command)
    {
        var retries = new GatewayRetryFilter();
        IHost host;
        OrleansOptions orleans;
        string database;
        try
        {
            (host, orleans, database) = Build(retries);
        }
        catch (Exception e) when (StartupFailure.IsConfigurationError(e))
        {
            return (null, StartupFailure.Report(e, command));
        }

        var seconds = orleans.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        await Console.Error.WriteLineAsync(
            $"{command}: connecting to cluster '{orleans.ClusterId}' of service '{orleans.ServiceId}' (gateways from PostgreSQL {database}), for up to {seconds} s");
        using var deadline = new CancellationTokenSource(orleans.ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token);
            return (host, 0);
        }
        catch (Exception e) when (StartupFailure.IsConfigurationError(e))
        {
            host.Dispose();
            return (null, StartupFailure.Report(e, command));
        }
        catch (Exception e) when (deadline.IsCancellationRequested)
        {
            host.Dispose();
            await Console.Error.WriteLineAsync(
                $"{command}: gave up after {seconds} s ({OrleansOptions.Section}:{nameof(OrleansOptions.ConnectTimeout)}): no gateway of cluster '{orleans.ClusterId}' answered: {StartupFailure.OneLine((retries.LastFailure ?? e).GetBaseException().Message)}");
            return (null, 1);
        }
        catch (Exception e)
        {
            host.Dispose();
            await Console.Error.WriteLineAsync($"{command}: cannot reach the cluster: {StartupFailure.OneLine(e.GetBaseException().Message)}");
            return (null, 1);
        }
    }

    private static (IHost Host, OrleansOptions Orleans, string Database) Build(GatewayRetryFilter retries)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // Errors only, whatever appsettings' levels say: a rule for a category ("Orleans": Warning) wins over a filter
        // without one, and let Orleans' warning of each failed try ("Could not find any gateway") through to stdout.
        // Post-configured, so it replaces the rules read from configuration; on stderr, so stdout is the answer.
        builder.Services.PostConfigure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Error;
            o.AddFilter(HostCategory, LogLevel.None);
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        var orleans = ConfigurationBinding.Read(builder.Configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var connectionString = ClusterConnection.Required(builder.Configuration);
        var tls = ClusterTls.ForClient(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseOroPostgresClustering(connectionString);
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (orleans.ServiceId, orleans.ClusterId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = orleans.ResponseTimeout);
            client.UseConnectionRetryFilter(retries);
            client.UseOroTls(tls);
        });
        // Where the membership table is, never the whole string: it may hold a password.
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        return (builder.Build(), orleans, $"{parsed.Host}:{parsed.Port}/{parsed.Database}");
    }
}
