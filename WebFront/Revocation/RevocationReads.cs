using System.Diagnostics.Metrics;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// <c>oroorleans.revocation.facts_read</c>: the facts this front end read from the ledger shards, tagged
/// <c>read=whole</c> (at start, or from a shard activation it had not read before: its silo failed) or
/// <c>read=changes</c> (catching up: only the facts changed since its last read). Whole reads in steady state mean
/// shards are moving; a changes count near the revocation rate is the catch-up working.
/// </summary>
public sealed class RevocationReads(IMeterFactory meters)
{
    private readonly Counter<long> read = meters.Create(Hosting.Telemetry.MeterName).CreateCounter<long>(
        "oroorleans.revocation.facts_read", unit: "{fact}",
        description: "Facts this front end read from the revocation ledger, whole (start, a new shard activation) or changes (catch-up).");

    public void Add(int facts, bool whole) => read.Add(facts, new KeyValuePair<string, object?>("read", whole ? "whole" : "changes"));
}
