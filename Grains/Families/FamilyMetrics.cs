using System.Diagnostics.Metrics;

namespace OroOrleans.Grains.Families;

/// <summary>Meters of refresh families (§8), on the <c>OroOrleans</c> meter that the OpenTelemetry setup exports.</summary>
public static class FamilyMetrics
{
    public const string MeterName = "OroOrleans";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Consumed refresh tokens presented again, each of which revoked its family (§3).</summary>
    public static readonly Counter<long> ReuseDetected = Meter.CreateCounter<long>(
        "oroorleans.refresh.reuse_detected", unit: "{family}", description: "Refresh-token reuse detections; each revokes its family.");

    /// <summary>Successful refresh-token rotations.</summary>
    public static readonly Counter<long> Rotations = Meter.CreateCounter<long>(
        "oroorleans.refresh.rotations", unit: "{token}", description: "Successful refresh-token rotations.");

    /// <summary>Families revoked (reuse or RFC 7009 revocation).</summary>
    public static readonly Counter<long> FamiliesRevoked = Meter.CreateCounter<long>(
        "oroorleans.refresh.families_revoked", unit: "{family}", description: "Refresh families revoked, by reason.");

    /// <summary>Retried refreshes answered with the pair already issued (§3), not counted as reuse.</summary>
    public static readonly Counter<long> RetriesAnswered = Meter.CreateCounter<long>(
        "oroorleans.refresh.retries_answered", unit: "{token}", description: "Retried refreshes answered with the pair already issued.");
}
