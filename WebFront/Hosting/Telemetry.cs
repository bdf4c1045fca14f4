using OroOrleans.Silo.Hosting;
using OroOrleans.Silo.Management;
using OroOrleans.WebFront.Api;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The front end's telemetry and management listener (§8). In client mode <c>/metrics</c> is served only on the
/// management listener (<c>Management:Urls</c>, default <see cref="ManagementListener.FrontEndDefault"/>), never on
/// the public port; the Orleans Dashboard is the silos' (a client-mode build has no Orleans runtime). A standalone
/// front end keeps <c>/metrics</c> on its public port unless <c>Management:Urls</c> is set, and serves the
/// dashboard of its co-hosted silo only then.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter every OroOrleans instrument is created on.</summary>
    public const string MeterName = OroTelemetry.MeterName;

    /// <summary>The management listener of this front end, from <c>Orleans:Mode</c> and <c>Management</c>.</summary>
    public static ManagementListener ReadManagement(IConfiguration configuration)
    {
        var orleans = ConfigurationBinding.Read(configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        return IsClient(orleans)
            ? ManagementListener.Read(configuration, ManagementListener.FrontEndDefault, canHostDashboard: false)
            : ManagementListener.Read(configuration, null);
    }

    public static WebApplicationBuilder AddOroTelemetry(this WebApplicationBuilder builder)
    {
        var orleans = ConfigurationBinding.Read(builder.Configuration, OrleansOptions.Section, new OrleansOptionsValidator());
        var management = ReadManagement(builder.Configuration);
        management.Bind(builder, keepPublic: true);
        builder.Services.AddSingleton(management);
        builder.Services.AddOroTelemetry(builder.Configuration, IsClient(orleans) ? OroTelemetry.WebFrontService : OroTelemetry.StandaloneService);
        return builder;
    }

    /// <summary>
    /// Maps <c>/metrics</c> (and the dashboard); with a management listener, management paths answer only on its
    /// ports and the public routes only on the others. Health answers on both (load balancers and orchestrators).
    /// </summary>
    public static WebApplication MapOroMetrics(this WebApplication app)
    {
        var management = app.Services.GetRequiredService<ManagementListener>();
        if (management.Enabled)
        {
            app.Use((http, next) =>
            {
                var path = http.Request.Path;
                var managementPath = path.StartsWithSegments(ManagementEndpoints.MetricsPath) || path.StartsWithSegments(ManagementEndpoints.DashboardPath);
                var onManagementPort = management.Ports.Contains(http.Connection.LocalPort);
                return managementPath == onManagementPort || path.StartsWithSegments("/health")
                    ? next(http)
                    : JsonApi.Error(StatusCodes.Status404NotFound, "not found", "No such route on this listener.").ExecuteAsync(http);
            });
        }

        app.MapOroMetricsEndpoint();
#if OROSTANDALONE
        app.MapOroDashboard(management);
#endif
        return app;
    }

    private static bool IsClient(OrleansOptions orleans) => orleans.Mode == "Client";
}
