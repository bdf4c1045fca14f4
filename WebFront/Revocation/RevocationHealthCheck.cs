using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OroOrleans.WebFront.Revocation;

/// <summary>Ready once the revocation view has loaded every live fact (§4: a front end reports ready only once it rejects every revoked token).</summary>
public sealed class RevocationHealthCheck(RevocationReadiness readiness, RevocationView view) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsLoaded
            ? HealthCheckResult.Healthy($"{view.Count} revocation facts held.")
            : HealthCheckResult.Unhealthy("The revocation view has not loaded the ledger yet."));
}
