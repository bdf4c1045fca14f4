using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Revocation;

/// <summary>
/// A front end's <see cref="RevocationSync"/> against a real silo: it reads every shard whole once, then catches up
/// every second reading only what changed (nothing, when nothing did; before, every live fact of every shard each
/// time), and a shard that dropped it (as after a push it did not take) hands it the fact it missed at the next
/// renewal, still without a whole read. Counted by <c>oroorleans.revocation.facts_read</c>.
/// </summary>
[Collection(FakeClockCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationCatchUpTests(FakeClockCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task CatchingUp_ReadsEveryFactOnceAtTheStart_ThenOnlyWhatChanged()
    {
        var until = cluster.Clock.GetUtcNow().AddHours(1);
        var earlier = Enumerable.Range(0, 300).Select(_ => UserFact("u-" + Guid.NewGuid().ToString("N"), until)).ToList();
        await Task.WhenAll(earlier.Select(f => RevocationFacts.Record(cluster.Grains, f)));

        // A catch-up round every second.
        await using var front = await FrontEnd.Start(cluster.Grains, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var atStart = front.Read;
        Assert.All(earlier, f => Assert.True(front.View.IsRevoked(Token(f.Key)), $"{f.Key} not in the view after the load"));
        Assert.True(atStart.Whole >= earlier.Count, $"whole read {atStart.Whole} facts, fewer than the {earlier.Count} recorded");

        // Three catch-up rounds and more with nothing recorded: nothing to read.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var quiet = front.Read;
        output.WriteLine($"at the start: {atStart.Whole} facts read whole; 3.5 s of catch-up rounds after: {quiet.Whole - atStart.Whole} whole, {quiet.Changes - atStart.Changes} changes");
        Assert.Equal(atStart, quiet);

        // One fact recorded (and pushed): the next round reads it once more, as a change, and nothing else.
        var next = UserFact("u-" + Guid.NewGuid().ToString("N"), until);
        await RevocationFacts.Record(cluster.Grains, next);
        Assert.True(front.View.IsRevoked(Token(next.Key)), "the fact was not pushed");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = front.Read;
        output.WriteLine($"one fact recorded: {after.Whole - quiet.Whole} whole, {after.Changes - quiet.Changes} changes read in the next 2.5 s");
        Assert.Equal((quiet.Whole, quiet.Changes + 1), after);
    }

    [Fact]
    public async Task AShardThatDroppedTheFrontEnd_HandsItTheFactItMissed_AtTheNextRenewal_AsAChange()
    {
        // Renewals every second, no periodic catch-up within the test: only the renewal can bring the fact.
        await using var front = await FrontEnd.Start(cluster.Grains, renew: TimeSpan.FromSeconds(1), resync: TimeSpan.FromHours(1));

        // A shard drops the front end, as after a push it did not take in time: the next fact is not pushed there.
        // Should a renewal come between the two calls, the shard knows it again and pushes the fact; try again.
        var until = cluster.Clock.GetUtcNow().AddHours(1);
        for (var attempt = 1; ; attempt++)
        {
            var missed = UserFact("u-" + Guid.NewGuid().ToString("N"), until);
            var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(missed.Key));
            var before = front.Read;
            await shard.Unsubscribe(front.Reference);
            await shard.Record(missed);
            if (front.View.IsRevoked(Token(missed.Key)))
            {
                output.WriteLine($"attempt {attempt}: a renewal came between the unsubscribe and the record; again");
                Assert.True(attempt < 5, "every attempt's fact was pushed");
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // let that renewal's read finish before the next snapshot
                continue;
            }

            await Until(() => front.View.IsRevoked(Token(missed.Key)), "the missed fact");
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // one more renewal, to count a whole read if there were one
            var caughtUp = front.Read;
            output.WriteLine($"the missed fact caught up with {caughtUp.Whole - before.Whole} facts read whole, {caughtUp.Changes - before.Changes} as changes");
            Assert.Equal((before.Whole, before.Changes + 1), caughtUp);
            return;
        }
    }

    private static RevocationFact UserFact(string userId, DateTimeOffset until) => new(RevocationKind.User, userId, 2, until);

    /// <summary>A token of epoch 1 for the user: revoked once the view holds the user's fact (threshold 2).</summary>
    private static AccessToken Token(string userId) =>
        new("sub", "c", ApplicationKind.Backoffice, userId, 1, 5, null, null, "jti", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A front end's revocation sync, as the WebFront composes it, in this process against the test silo; counts the
    /// facts it reads with its own meter factory (other tests' front ends use others).
    /// </summary>
    private sealed class FrontEnd : IAsyncDisposable
    {
        private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly MeterListener listener = new();
        private readonly RevocationObserverReference self = new();
        private readonly RevocationReadiness readiness = new();
        private long whole;
        private long changes;
        private RevocationSync sync = null!;

        public RevocationView View { get; } = new(TimeProvider.System);

        public IRevocationObserver Reference => self.Current!;

        /// <summary>The facts read so far: whole, and as changes.</summary>
        public (long Whole, long Changes) Read => (Interlocked.Read(ref whole), Interlocked.Read(ref changes));

        public static async Task<FrontEnd> Start(IGrainFactory grains, TimeSpan renew, TimeSpan resync)
        {
            var front = new FrontEnd();
            var meters = front.services.GetRequiredService<IMeterFactory>();
            var meter = meters.Create(Telemetry.MeterName);
            front.listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "oroorleans.revocation.facts_read")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            front.listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                if ((string)tags[0].Value! == "whole")
                {
                    Interlocked.Add(ref front.whole, value);
                }
                else
                {
                    Interlocked.Add(ref front.changes, value);
                }
            });
            front.listener.Start();
            var options = Options.Create(new RevocationSyncOptions { RenewInterval = renew, ResyncInterval = resync, RetryDelay = TimeSpan.FromMilliseconds(100) });
            front.sync = new RevocationSync(grains, front.View, front.readiness, options, TimeProvider.System,
                new RevocationViewLag(TimeProvider.System, meters), front.self, new RevocationReads(meters), NullLogger<RevocationSync>.Instance);
            await front.sync.StartAsync(CancellationToken.None);
            await Until(() => front.readiness.IsLoaded, "the first load");
            return front;
        }

        public async ValueTask DisposeAsync()
        {
            await sync.StopAsync(CancellationToken.None);
            listener.Dispose();
            await services.DisposeAsync();
        }
    }
}
