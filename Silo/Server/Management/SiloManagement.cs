using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Management;

/// <summary>
/// A cluster silo's small HTTP listener (§8): <c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c> and the
/// Orleans Dashboard, on <c>Management:Urls</c> (default <see cref="ManagementListener.SiloDefault"/>).
/// </summary>
public static class SiloManagement
{
    private const string ReadyTag = "ready";

    public static ManagementListener AddOroSiloManagement(this WebApplicationBuilder builder)
    {
        var listener = ManagementListener.Read(builder.Configuration, ManagementListener.SiloDefault);
        listener.Bind(builder, keepPublic: false);
        builder.Services.AddOroTelemetry(builder.Configuration, OroTelemetry.SiloService);
        builder.Services.AddSingleton(new SiloStorageProbe(ClusterConnection.Required(builder.Configuration)));
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        return listener;
    }

    public static WebApplication MapOroSiloManagement(this WebApplication app, ManagementListener listener)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapOroMetricsEndpoint();
        app.MapOroDashboard(listener);
        return app;
    }
}
