using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Revocation;

/// <summary>Receives the ledger shards' pushes and applies them to this front end's view.</summary>
public sealed class RevocationObserver(RevocationView view) : IRevocationObserver
{
    public Task OnRevoked(RevocationFact fact)
    {
        view.Apply(fact);
        return Task.CompletedTask;
    }
}
