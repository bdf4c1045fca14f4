using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.WebFront.Health;

/// <summary>
/// Ready when a grain answers and storage holds the key ring (reading the key ring goes through the cluster,
/// activates a grain, and on a first start writes to storage), and when no request of this front end failed for
/// unavailability within Retry-After. The key ring alone is not enough: it lives on one silo, and while the grains of
/// a dead silo or a lost database fail every request that needs them, it may answer from elsewhere (§8). Not ready
/// either while the silos sign with another <c>Tokens:Issuer</c> than this front end's: it would refuse every token
/// issued through it and advertise the wrong issuer in its discovery document (§9.2: they must agree).
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains, ClusterAvailability availability, IOptions<TokenOptions> tokens) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (availability.RecentFailure is { } ago)
        {
            return HealthCheckResult.Unhealthy($"A request failed for unavailability {ago.TotalSeconds:F1} s ago.");
        }

        try
        {
            var keys = await grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).GetPublicKeys().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            if (keys.Issuer is { } theirs && !string.Equals(theirs, tokens.Value.Issuer, StringComparison.Ordinal))
            {
                return HealthCheckResult.Unhealthy(
                    $"Tokens:Issuer is '{tokens.Value.Issuer}' here and '{theirs}' on the silos: set the same on every process.");
            }

            return keys.Keys.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The key ring is empty.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage does not answer.", e);
        }
    }
}
