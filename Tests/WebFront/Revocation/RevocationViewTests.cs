using Microsoft.Extensions.Time.Testing;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Revocation;

namespace OroOrleans.Tests.WebFront.Revocation;

/// <summary>The view and the merge rules without a cluster: thresholds, expiry, and what an entry costs in memory.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class RevocationViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Merge_KeepsTheHigherThreshold_AndTheLaterKeepUntil_InAnyOrder()
    {
        var low = new RevocationFact(RevocationKind.User, "7", 2, Now.AddHours(2));
        var high = new RevocationFact(RevocationKind.User, "7", 3, Now.AddHours(1));
        var expected = new RevocationFact(RevocationKind.User, "7", 3, Now.AddHours(2));

        Assert.Equal(expected, RevocationFacts.Merge(low, high));
        Assert.Equal(expected, RevocationFacts.Merge(high, low));
        Assert.Equal(expected, RevocationFacts.Merge(expected, expected));
    }

    [Fact]
    public void View_RejectsTokensBelowTheThreshold_AndForgetsFactsOnceExpired()
    {
        var time = new FakeTimeProvider(Now);
        var view = new RevocationView(time);
        view.Apply(new RevocationFact(RevocationKind.User, "7", 3, Now.AddHours(1)));
        view.Apply(new RevocationFact(RevocationKind.Client, "c", 5, Now.AddHours(1)));

        Assert.True(view.IsRevoked(Token(userId: "7", epoch: 2)));
        Assert.False(view.IsRevoked(Token(userId: "7", epoch: 3)));
        Assert.True(view.IsRevoked(Token(clientVersion: 4)));
        Assert.False(view.IsRevoked(Token(clientVersion: 5)));

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, view.Sweep());
        Assert.Equal(0, view.Count);
    }

    [Fact]
    public void GatedCheck_RejectsEverything_UntilTheViewHasLoaded()
    {
        var readiness = new RevocationReadiness();
        var check = new GatedRevocationCheck(new RevocationView(new FakeTimeProvider(Now)), readiness);

        Assert.True(check.IsRevoked(Token()));
        readiness.MarkLoaded();
        Assert.False(check.IsRevoked(Token()));
    }

    [Fact]
    public async Task Subscribers_LapseWithoutRenewal_AndSayWhenTheyAreNew()
    {
        var time = new FakeTimeProvider(Now);
        var subscribers = new RevocationSubscribers(time);
        var observer = new CountingObserver();

        Assert.False(subscribers.Renew(observer));
        Assert.True(subscribers.Renew(observer));
        Assert.Equal(0, await subscribers.Push(new RevocationFact(RevocationKind.Family, "f", long.MaxValue, Now.AddHours(1))));
        Assert.Equal(1, observer.Received);

        time.Advance(IRevocationLedgerGrain.SubscriptionLifetime);
        await subscribers.Push(new RevocationFact(RevocationKind.Family, "g", long.MaxValue, Now.AddHours(1)));
        Assert.Equal(1, observer.Received);
        Assert.False(subscribers.Renew(observer));
    }

    /// <summary>
    /// Measures what one family fact costs a front end (docs/revocation.md): a 32-hex family id, the fact record
    /// and the dictionary entry. The number is printed; the assertion only guards against a regression.
    /// </summary>
    private static AccessToken Token(string? userId = null, long? epoch = null, long clientVersion = 5) =>
        new("sub", "c", ApplicationKind.Backoffice, userId, epoch, clientVersion, null, null, "jti", "", Now, Now.AddHours(1));

    private sealed class CountingObserver : IRevocationObserver
    {
        public int Received { get; private set; }

        public Task OnRevoked(RevocationFact fact)
        {
            Received++;
            return Task.CompletedTask;
        }
    }
}
