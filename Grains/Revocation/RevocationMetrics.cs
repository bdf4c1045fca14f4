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
