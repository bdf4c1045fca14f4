using System.Diagnostics.Metrics;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>Revocations recorded in the ledger (§8), on the <c>OroOrleans</c> meter, counted on the silo that holds the shard.</summary>
public static class RevocationMetrics
{
    private static readonly Meter Meter = new(Families.FamilyMetrics.MeterName);

    /// <summary>Revocation facts recorded, by kind: token, family, user or client.</summary>
    public static readonly Counter<long> Recorded = Meter.CreateCounter<long>(
        "oroorleans.revocations", unit: "{revocation}", description: "Revocations recorded in the ledger, by kind (token, family, user, client).");

    /// <summary>How long one write of a shard's new facts took; a write carries the facts since the previous one.</summary>
    public static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "oroorleans.revocation.ledger.write.duration", unit: "ms", description: "Duration of one ledger shard write (the facts recorded since its previous write).");

    /// <summary>Facts per ledger write.</summary>
    public static readonly Histogram<long> WriteFacts = Meter.CreateHistogram<long>(
        "oroorleans.revocation.ledger.write.facts", unit: "{fact}", description: "Facts stored by one ledger shard write.");

    public static void Written(int facts, TimeSpan duration)
    {
        WriteDuration.Record(duration.TotalMilliseconds);
        WriteFacts.Record(facts);
    }

    public static void Count(RevocationFact fact) =>
        Recorded.Add(1, new KeyValuePair<string, object?>("kind", Kind(fact.Kind)));

    private static string Kind(RevocationKind kind) => kind switch
    {
        RevocationKind.Token => "token",
        RevocationKind.Family => "family",
        RevocationKind.User => "user",
        RevocationKind.Client => "client",
        _ => "other",
    };
}
