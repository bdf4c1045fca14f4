using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OroOrleans.WebFront.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the cluster and its storage answer), §8.</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddOroHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<Revocation.RevocationHealthCheck>("revocations", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapOroHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
