namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// A front end's ear for revocations: it subscribes with every ledger shard (<see cref="IRevocationLedgerGrain.Subscribe"/>)
/// and the shard calls it for every fact it records.
/// </summary>
[Alias("IRevocationObserver")]
public interface IRevocationObserver : IGrainObserver
{
    /// <summary>Applies a fact to the front end's revocation view. Idempotent: a fact may arrive more than once.</summary>
    [Alias("OnRevoked")]
    Task OnRevoked(RevocationFact fact);
}
