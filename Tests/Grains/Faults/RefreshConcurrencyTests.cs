using System.Diagnostics;
using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// A refresh goes from the front end to the token inspector, which asks the family's grain and waits for it, database
/// write included. The inspector is a stateless worker with one worker per core; were it not reentrant, a silo would
/// carry only that many refreshes at once, and every other refresh would queue behind a slow database write.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class RefreshConcurrencyTests(FailingStorageCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Redeem_RefreshesWaitingForTheirWrites_DoNotHoldUpTheOthers()
    {
        // More refreshes than the silo has inspector workers (one per core, Orleans' default).
        var count = Environment.ProcessorCount + 3;
        var sessions = new List<(ClientCredentials Client, TokenIssued Login)>();
        for (var i = 0; i < count; i++)
        {
            sessions.Add(await cluster.NewSession());
        }

        var inspector = cluster.Grains.GetGrain<ITokenInspectorGrain>(0);
        Task<TokenOutcome>[] redeemed;
        using (var hold = FailingGrainStorage.HoldWrites("refresh-family"))
        {
            redeemed = sessions
                .Select(s => inspector.RedeemRefreshToken(new RefreshGrantRequest(s.Client, s.Login.RefreshToken!)))
                .ToArray();
            var waited = Stopwatch.StartNew();
            while (hold.Waiting < count && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            output.WriteLine($"{hold.Waiting} of {count} family writes waiting at once after {waited.Elapsed.TotalMilliseconds:F0} ms " +
                $"({Environment.ProcessorCount} cores); {redeemed.Count(t => t.IsCompleted)} refreshes answered before the release");
            Assert.Equal(count, hold.Waiting);
            Assert.DoesNotContain(redeemed, t => t.IsCompleted);
        }

        var outcomes = await Task.WhenAll(redeemed);
        Assert.All(outcomes, o => Assert.IsType<TokenRotated>(o));
    }
}
