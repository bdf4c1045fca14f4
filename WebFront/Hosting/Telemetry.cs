using OpenTelemetry.Metrics;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// OpenTelemetry metrics (§8): our meter (tokens issued, failures, reuse detections, revocations, issuance
/// latency), Orleans' own meters and ASP.NET Core's, exported for Prometheus at <c>/metrics</c>.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter every OroOrleans instrument is created on.</summary>
    public const string MeterName = "OroOrleans";

    public static IServiceCollection AddOroTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapOroMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
