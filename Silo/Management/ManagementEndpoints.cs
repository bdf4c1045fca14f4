using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace OroOrleans.Silo.Management;

/// <summary>What every process serves for operators (§8): Prometheus' scrape endpoint and the Orleans Dashboard.</summary>
public static class ManagementEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// A silo carries the trace context of incoming calls on (a token request is one trace from the front end into
    /// the grains), and hosts the dashboard's grains when <paramref name="dashboard"/> is true: a dashboard served by
    /// a front end reads them.
    /// </summary>
    public static ISiloBuilder AddOroManagement(this ISiloBuilder silo, bool dashboard)
    {
        silo.AddActivityPropagation();
        if (dashboard)
        {
            silo.AddDashboard();
        }

        return silo;
    }

    /// <summary>An Orleans client (a client-mode front end): trace propagation, and the dashboard when it serves one.</summary>
    public static IClientBuilder AddOroManagement(this IClientBuilder client, bool dashboard)
    {
        client.AddActivityPropagation();
        if (dashboard)
        {
            client.AddDashboard();
        }

        return client;
    }

    /// <summary>Maps <c>/metrics</c>, and the dashboard when the listener serves one.</summary>
    public static IEndpointRouteBuilder MapOroManagement(this IEndpointRouteBuilder app, ManagementListener listener)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (listener.ServesDashboard)
        {
            app.MapOrleansDashboard(DashboardPath).AddEndpointFilter(new DashboardAccess(listener.Options).Filter);
        }

        return app;
    }
}
