using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace OroOrleans.Silo.Management;

/// <summary>What every process serves for operators (§8): Prometheus' scrape endpoint; trace propagation for clients.</summary>
public static class ManagementEndpoints
{
    public const string MetricsPath = "/metrics";

    /// <summary>The Orleans Dashboard's path on a listener that serves it (silos, a standalone front end's).</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// An Orleans client (a client-mode front end) carries the trace context into its grain calls, so a token
    /// request is one trace from the front end into the grains.
    /// </summary>
    public static IClientBuilder AddOroManagement(this IClientBuilder client) => client.AddActivityPropagation();

    public static IEndpointRouteBuilder MapOroMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
