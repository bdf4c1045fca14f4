using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Revocation;

/// <summary>
/// The front ends subscribed to one ledger shard, each until its registration lapses (the pattern of Orleans'
/// <c>ObserverManager</c>, with parallel, time-bounded delivery: one slow or dead front end must not hold up a
/// revocation for the others).
/// </summary>
public sealed class RevocationSubscribers(TimeProvider time)
{
    /// <summary>How long <see cref="Push"/> waits for one front end.</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<IRevocationObserver, DateTimeOffset> expiries = [];

    /// <summary>Registers or renews an observer; true when it was registered already.</summary>
    public bool Renew(IRevocationObserver observer)
    {
        var known = expiries.Remove(observer, out var expiry) && expiry > time.GetUtcNow();
        expiries[observer] = time.GetUtcNow() + IRevocationLedgerGrain.SubscriptionLifetime;
        return known;
    }

    public void Remove(IRevocationObserver observer) => expiries.Remove(observer);

    /// <summary>
    /// Delivers the fact to every live observer but <paramref name="except"/> in parallel. An observer that fails
    /// or does not answer within <see cref="DeliveryTimeout"/> is dropped: its next renewal then says "new", and its
    /// front end re-reads the shard, so a missed push is caught up within one renewal period. Returns the observers
    /// this push dropped: the shard is reentrant, so the pushes in flight when a front end goes away all fail, and
    /// only the one that drops it counts (a stopped cluster's silos logged a warning for each, 13 for one shard in
    /// half a second); one that unsubscribed meanwhile is not counted either.
    /// </summary>
    public async Task<int> Push(RevocationFact fact, IRevocationObserver? except)
    {
        var now = time.GetUtcNow();
        foreach (var lapsed in expiries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            expiries.Remove(lapsed);
        }

        var observers = expiries.Keys.Where(o => !o.Equals(except)).ToList();
        var delivered = await Task.WhenAll(observers.Select(o => Deliver(o, fact)));
        var failed = 0;
        for (var i = 0; i < observers.Count; i++)
        {
            if (!delivered[i] && expiries.Remove(observers[i]))
            {
                failed++;
            }
        }

        return failed;
    }

    private static async Task<bool> Deliver(IRevocationObserver observer, RevocationFact fact)
    {
        try
        {
            await observer.OnRevoked(fact).WaitAsync(DeliveryTimeout);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
