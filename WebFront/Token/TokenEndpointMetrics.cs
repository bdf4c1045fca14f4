using System.Diagnostics.Metrics;

namespace OroOrleans.WebFront.Token;

/// <summary>What the token endpoint counts (§8): refusals by error, and the time from request to answer.</summary>
public static class TokenEndpointMetrics
{
    private static readonly Meter Meter = new(Hosting.Telemetry.MeterName);

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "oroorleans.token.failures", description: "Token requests refused, by OAuth error code.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "oroorleans.token.duration", unit: "s", description: "Time to answer a token request, by grant type and outcome.");
}
