using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// This front end's observer reference, once <see cref="RevocationSync"/> has made it. A refresh grant names it, so
/// the ledger does not push the rotation's fact back to the front end that applies it from the answer anyway.
/// </summary>
public sealed class RevocationObserverReference
{
    private volatile IRevocationObserver? current;

    /// <summary>The reference, or null before the first sync and after the stop.</summary>
    public IRevocationObserver? Current => current;

    internal void Set(IRevocationObserver? reference) => current = reference;
}
