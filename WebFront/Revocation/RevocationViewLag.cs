using System.Diagnostics.Metrics;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// <c>oroorleans.revocation.view_lag</c> (§8, the alert "revocation view lag"): seconds since this front end's view
/// was last confirmed in step with every ledger shard (all subscriptions renewed, lost ones re-read). Pushes keep
/// the view current in between, so it stays below <c>Revocation:RenewInterval</c> (10 s) while the ledger answers;
/// when it grows, revoked tokens may pass here unnoticed.
/// </summary>
public sealed class RevocationViewLag
{
    private readonly TimeProvider time;
    private long inStepAt;

    public RevocationViewLag(TimeProvider time, IMeterFactory meters)
    {
        this.time = time;
        inStepAt = time.GetTimestamp();
        meters.Create(Hosting.Telemetry.MeterName).CreateObservableGauge(
            "oroorleans.revocation.view_lag", () => Seconds, unit: "s",
            description: "Seconds since this front end's revocation view was last confirmed in step with every ledger shard.");
    }

    public double Seconds => time.GetElapsedTime(Volatile.Read(ref inStepAt)).TotalSeconds;

    public void MarkInStep() => Volatile.Write(ref inStepAt, time.GetTimestamp());
}
