using System.Diagnostics.Metrics;

namespace OroOrleans.WebFront.Token;

/// <summary>What the token endpoint counts (§8): tokens issued, refusals by error, and the time from request to answer.</summary>
public static class TokenEndpointMetrics
{
    private static readonly Meter Meter = new(Hosting.Telemetry.MeterName);

    /// <summary>Tokens issued, by grant type and client id (a registered client's: only issued tokens are counted).</summary>
    public static readonly Counter<long> Issued = Meter.CreateCounter<long>(
        "oroorleans.tokens.issued", unit: "{token}", description: "Tokens issued, by grant type and client (app).");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "oroorleans.token.failures", unit: "{request}", description: "Token requests refused, by OAuth error code.");

    /// <summary>Seconds; the buckets (0.5 ms to 10 s) are set by a view in OroTelemetry.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        Silo.Management.OroTelemetry.TokenDuration, unit: "s",
        description: "Time to answer a token request, by grant type (unknown when the request named none we support) and outcome (issued, refused, or failed: a 500).");

    /// <summary>The grant_type tag of a request whose grant type is not one we support: unbounded input never becomes a tag value.</summary>
    public const string UnknownGrantType = "unknown";
}
