using System.Diagnostics;
using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// §6, a write that takes long: a storage that retries, a database that comes back after a while. What a grain
/// promises from "now" must count from when the write is done, not from when the call began.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class SlowWriteTests(FailingStorageCluster cluster, ITestOutputHelper output)
{
    /// <summary>Longer than an access token's lifetime (1 h) and the facts' margin (1 min).</summary>
    private static readonly TimeSpan WriteTook = TimeSpan.FromMinutes(90);

    [Fact]
    public async Task KeyRevocation_WhoseRingWriteTakesLong_IsKeptAnAccessTokensLifeAfterTheWrite()
    {
        var ring = cluster.Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Default);
        var kid = (await ring.Tick()).ActiveSigningKid;
        var ledger = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(kid));

        Task<KeyRingSummary?> revoking;
        using (var hold = FailingGrainStorage.HoldWrites("key-ring"))
        {
            revoking = ring.Revoke(kid);
            var waited = Stopwatch.StartNew();
            while (hold.Waiting == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            Assert.Equal(1, hold.Waiting);
            // Until the ring is written the key is in it: every silo may still sign with it.
            cluster.Time.Advance(WriteTook);
        }

        var revoked = await revoking;
        var written = cluster.Time.GetUtcNow();
        Assert.NotNull(revoked);
        Assert.DoesNotContain(kid, revoked.PublishedKids);

        var fact = (await ledger.ReadSince(default)).Facts.SingleOrDefault(f => f.Kind == RevocationKind.SigningKey && f.Key == kid);
        output.WriteLine($"the ring's write took {WriteTook.TotalMinutes:F0} min (fake clock); the key's fact is kept until " +
            $"{(fact is null ? "(gone: it expired before the write ended)" : $"{(fact.KeepUntil - written).TotalMinutes:F1} min after the write")}");
        Assert.NotNull(fact);
        Assert.True(fact.KeepUntil >= written + TimeSpan.FromHours(1), $"kept until {fact.KeepUntil:O}, written at {written:O}");
    }
}
