using Microsoft.Extensions.Diagnostics.HealthChecks;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Health;

/// <summary>
/// Ready when a grain answers and storage holds the key ring: reading the key ring goes through the cluster,
/// activates a grain, and on a first start writes to storage.
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var keys = await grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Default).GetPublicKeys().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return keys.Keys.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The key ring is empty.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage does not answer.", e);
        }
    }
}
