using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OroOrleans.WebFront.Revocation;

/// <summary>Ready once the revocation view has loaded every live fact (DESIGN: "before it reports ready").</summary>
public sealed class RevocationHealthCheck(RevocationReadiness readiness, RevocationView view) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsLoaded
            ? HealthCheckResult.Healthy($"{view.Count} revocation facts held.")
            : HealthCheckResult.Unhealthy("The revocation view has not loaded the ledger yet."));
}
