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
    public async Task CatchingUp_ReadsOnlyWhatChanged_AndAFactADroppedFrontEndMissed()
    {
        var until = cluster.Clock.GetUtcNow().AddHours(1);
        var earlier = Enumerable.Range(0, 300).Select(_ => UserFact("u-" + Guid.NewGuid().ToString("N"), until)).ToList();
        await Task.WhenAll(earlier.Select(f => RevocationFacts.Record(cluster.Grains, f)));

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var read = new Dictionary<string, long> { ["whole"] = 0, ["changes"] = 0 };
        using var listener = Listen(meters, read);
        var view = new RevocationView(TimeProvider.System);
        var readiness = new RevocationReadiness();
        var self = new RevocationObserverReference();
        var options = Options.Create(new RevocationSyncOptions
        {
            RenewInterval = TimeSpan.FromSeconds(1), ResyncInterval = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromMilliseconds(100),
        });
        var sync = new RevocationSync(cluster.Grains, view, readiness, options, TimeProvider.System,
            new RevocationViewLag(TimeProvider.System, meters), self, new RevocationReads(meters), NullLogger<RevocationSync>.Instance);
        await sync.StartAsync(CancellationToken.None);
        try
        {
            await Until(() => readiness.IsLoaded, "the first load");
            var atStart = Snapshot(read);
            Assert.All(earlier, f => Assert.True(view.IsRevoked(Token(f.Key)), $"{f.Key} not in the view after the load"));
            Assert.True(atStart.Whole >= earlier.Count, $"whole read {atStart.Whole} facts, fewer than the {earlier.Count} recorded");

            // Three catch-up rounds and more with nothing recorded: nothing to read.
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            var quiet = Snapshot(read);
            output.WriteLine($"at the start: {atStart.Whole} facts read whole; 3.5 s of catch-up rounds after: {quiet.Whole - atStart.Whole} whole, {quiet.Changes - atStart.Changes} changes");
            Assert.Equal(atStart, quiet);

            // A shard drops this front end, as after a push it did not take in time: the next fact is not pushed here.
            // (Should a round renew the subscription between the two calls, the fact is pushed after all; try again.)
            RevocationFact missed;
            var before = quiet;
            for (var attempt = 1; ; attempt++)
            {
                missed = UserFact("u-" + Guid.NewGuid().ToString("N"), until);
                var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(missed.Key));
                before = Snapshot(read);
                await shard.Unsubscribe(self.Current!);
                await shard.Record(missed);
                if (!view.IsRevoked(Token(missed.Key)))
                {
                    break;
                }

                output.WriteLine($"attempt {attempt}: a renewal came between the unsubscribe and the record; again");
                Assert.True(attempt < 5, "every attempt's fact was pushed");
            }

            await Until(() => view.IsRevoked(Token(missed.Key)), "the missed fact");
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // one more round, to count it whole if it were
            var caughtUp = Snapshot(read);
            output.WriteLine($"the missed fact caught up with {caughtUp.Whole - before.Whole} facts read whole, {caughtUp.Changes - before.Changes} as changes");
            Assert.Equal(before.Whole, caughtUp.Whole);
            Assert.Equal(before.Changes + 1, caughtUp.Changes);
        }
        finally
        {
            await sync.StopAsync(CancellationToken.None);
        }
    }

    private static RevocationFact UserFact(string userId, DateTimeOffset until) => new(RevocationKind.User, userId, 2, until);

    /// <summary>A token of epoch 1 for the user: revoked once the view holds the user's fact (threshold 2).</summary>
    private static AccessToken Token(string userId) =>
        new("sub", "c", ApplicationKind.Backoffice, userId, 1, 5, null, null, "jti", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

    private static (long Whole, long Changes) Snapshot(Dictionary<string, long> read)
    {
        lock (read)
        {
            return (read["whole"], read["changes"]);
        }
    }

    /// <summary>Counts the facts-read measurements of this test's own meter factory (other tests' front ends use others).</summary>
    private static MeterListener Listen(IMeterFactory meters, Dictionary<string, long> read)
    {
        var meter = meters.Create(Telemetry.MeterName);
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "oroorleans.revocation.facts_read")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (read)
            {
                read[(string)tags[0].Value!] += value;
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 30 s");
            await Task.Delay(20);
        }
    }
}
