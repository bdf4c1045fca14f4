using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>Persisted state of <see cref="RevocationLedgerGrain"/>: the shard's live facts. Ids are the storage contract.</summary>
[GenerateSerializer, Alias("RevocationLedgerState")]
public sealed class RevocationLedgerState
{
    [Id(0)] public List<RevocationFact> Facts { get; set; } = [];
}
