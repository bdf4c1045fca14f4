using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace OroOrleans.Silo.Management;

/// <summary>
/// The silo side of the management listener: trace propagation, and the Orleans Dashboard (§8). The dashboard
/// lives with the server (its package needs Orleans' runtime, which client-mode front ends are built without),
/// so silos and standalone front ends serve it, on their management listener only.
/// </summary>
public static class SiloDashboard
{
    /// <summary>
    /// A silo carries the trace context of incoming calls on, and hosts the dashboard's grains and pages when
    /// <paramref name="dashboard"/> is true (every silo of a cluster should: the pages read every silo's grains).
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

    /// <summary>Maps the dashboard behind <see cref="DashboardAccess"/> when the listener serves one.</summary>
    public static IEndpointRouteBuilder MapOroDashboard(this IEndpointRouteBuilder app, ManagementListener listener)
    {
        if (listener.ServesDashboard)
        {
            app.MapOrleansDashboard(ManagementEndpoints.DashboardPath).AddEndpointFilter(new DashboardAccess(listener.Options).Filter);
        }

        return app;
    }
}
