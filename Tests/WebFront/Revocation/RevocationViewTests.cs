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

        Assert.Equal(expected, RevocationFactMerge.Merge(low, high));
        Assert.Equal(expected, RevocationFactMerge.Merge(high, low));
        Assert.Equal(expected, RevocationFactMerge.Merge(expected, expected));
    }

    [Fact]
    public void Merge_KeepsTheFirstFactsKeyString_SoAHolderKeepsOneStringPerKey()
    {
        var held = new RevocationFact(RevocationKind.Family, new string('a', 32), 2, Now.AddHours(1));
        var newer = new RevocationFact(RevocationKind.Family, new string('a', 32), 3, Now.AddHours(2));

        var merged = RevocationFactMerge.Merge(held, newer);

        Assert.Equal(3, merged.Threshold);
        Assert.Same(held.Key, merged.Key);
        Assert.NotSame(newer.Key, merged.Key);
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
    public void FamilyAndTokenFacts_HeldBy128BitId_MergeAndExpireAsTheOthers()
    {
        var time = new FakeTimeProvider(Now);
        var view = new RevocationView(time);
        var family = Guid.NewGuid().ToString("N");
        var jti = Guid.NewGuid().ToString("N");
        view.Apply(new RevocationFact(RevocationKind.Family, family, 4, Now.AddMinutes(30)));
        view.Apply(new RevocationFact(RevocationKind.Family, family, 3, Now.AddHours(1).AddMilliseconds(1)));
        view.Apply(new RevocationFact(RevocationKind.Token, jti, 0, Now.AddMinutes(10)));
        // A key of another shape (upper-case hex) is kept too, and as a different key.
        view.Apply(new RevocationFact(RevocationKind.Family, family.ToUpperInvariant(), long.MaxValue, Now.AddMinutes(10)));

        Assert.True(view.IsRevoked(Family(family, 3)));
        Assert.False(view.IsRevoked(Family(family, 4)));
        Assert.True(view.IsRevoked(Family(family.ToUpperInvariant(), long.MaxValue - 1)));
        Assert.True(view.IsRevoked(Family(Guid.NewGuid().ToString("N"), 1) with { TokenId = jti }));
        Assert.Equal(3, view.Count);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, view.Sweep());
        // The later expiry of the merged fact holds (rounded up to the second), then it goes too.
        Assert.True(view.IsRevoked(Family(family, 3)));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, view.Sweep());
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
        Assert.Equal(0, await subscribers.Push(new RevocationFact(RevocationKind.Family, "f", long.MaxValue, Now.AddHours(1)), except: null));
        Assert.Equal(1, observer.Received);

        time.Advance(IRevocationLedgerGrain.SubscriptionLifetime);
        await subscribers.Push(new RevocationFact(RevocationKind.Family, "g", long.MaxValue, Now.AddHours(1)), except: null);
        Assert.Equal(1, observer.Received);
        Assert.False(subscribers.Renew(observer));
    }

    [Fact]
    public async Task Subscribers_PushToEveryoneButTheFrontEndThatAsked()
    {
        var subscribers = new RevocationSubscribers(new FakeTimeProvider(Now));
        var (asked, other) = (new CountingObserver(), new CountingObserver());
        subscribers.Renew(asked);
        subscribers.Renew(other);

        // A rotation's fact: the front end that asked applies it from its answer.
        Assert.Equal(0, await subscribers.Push(new RevocationFact(RevocationKind.Family, "f", 2, Now.AddHours(1)), except: asked));
        Assert.Equal((0, 1), (asked.Received, other.Received));

        // Any other fact reaches both.
        await subscribers.Push(new RevocationFact(RevocationKind.Family, "f", long.MaxValue, Now.AddHours(1)), except: null);
        Assert.Equal((1, 2), (asked.Received, other.Received));
    }

    [Fact]
    public async Task Subscribers_AFrontEndGoneUnderConcurrentPushes_CountsAsFailedOnce()
    {
        // The ledger's shard is reentrant: several pushes can be on their way to a front end when it stops.
        var subscribers = new RevocationSubscribers(new FakeTimeProvider(Now));
        var (gone, alive) = (new FailingObserver(), new CountingObserver());
        subscribers.Renew(gone);
        subscribers.Renew(alive);

        var pushes = Enumerable.Range(0, 8)
            .Select(i => subscribers.Push(new RevocationFact(RevocationKind.Family, "f" + i, long.MaxValue, Now.AddHours(1)), except: null))
            .ToList();
        gone.Fail();
        var failed = await Task.WhenAll(pushes);

        Assert.Equal(1, failed.Sum());
        Assert.Equal(8, gone.Attempts);
        Assert.Equal(8, alive.Received);
        Assert.False(subscribers.Renew(gone)); // dropped: its next renewal says "new", and it re-reads the shard
        subscribers.Remove(gone);

        // One that unsubscribed while a push to it failed is not a failure to report.
        var leaving = new FailingObserver();
        subscribers.Renew(leaving);
        var push = subscribers.Push(new RevocationFact(RevocationKind.Family, "g", long.MaxValue, Now.AddHours(1)), except: null);
        subscribers.Remove(leaving);
        leaving.Fail();
        Assert.Equal(0, await push);
    }

    /// <summary>
    /// Measures what one family fact costs a front end (docs/revocation.md): a 32-hex family id, the fact record
    /// and the dictionary entry. The number is printed; the assertion only guards against a regression.
    /// </summary>
    private static AccessToken Family(string familyId, long generation) =>
        new("sub", "c", ApplicationKind.Storefront, null, null, 5, familyId, generation, "jti", "", Now, Now.AddHours(1));

    private static AccessToken Token(string? userId = null, long? epoch = null, long clientVersion = 5) =>
        new("sub", "c", ApplicationKind.Backoffice, userId, epoch, clientVersion, null, null, "jti", "", Now, Now.AddHours(1));

    /// <summary>A front end whose pushes hang until <see cref="Fail"/>, then fail, as a stopping one's do.</summary>
    private sealed class FailingObserver : IRevocationObserver
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Attempts { get; private set; }

        public Task OnRevoked(RevocationFact fact)
        {
            Attempts++;
            return gate.Task;
        }

        public void Fail() => gate.TrySetException(new InvalidOperationException("the front end is gone"));
    }

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
