using Microsoft.Data.Sqlite;
using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Revocation;

/// <summary>The ledger's facts in storage: a new activation reads them back, and expired ones are deleted.</summary>
[Collection(FakeClockCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationLedgerStorageTests(FakeClockCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ExpiredFacts_AreDeletedFromStorage_ByTheShardsNextWriteAfterASweepInterval()
    {
        var keys = LedgerKeys.OfOneShard(3);
        var (expiring, lasting, later) = (keys[0], keys[1], keys[2]);
        var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(expiring));
        var now = cluster.Clock.GetUtcNow();
        await shard.Record(new RevocationFact(RevocationKind.Family, expiring, 2, now.AddSeconds(30)));
        await shard.Record(new RevocationFact(RevocationKind.Family, lasting, 2, now.AddHours(1)));
        Assert.Equal(1, Rows(expiring));

        cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        await shard.Record(new RevocationFact(RevocationKind.Family, later, 2, cluster.Clock.GetUtcNow().AddHours(1)));

        output.WriteLine($"rows after the sweep: expired {Rows(expiring)}, live {Rows(lasting)} + {Rows(later)}");
        Assert.Equal(0, Rows(expiring));
        Assert.Equal(1, Rows(lasting));
        Assert.Equal(1, Rows(later));
        Assert.DoesNotContain((await shard.ReadSince(default)).Facts, f => f.Key == expiring);
    }

    private long Rows(string key)
    {
        using var connection = new SqliteConnection(cluster.ConnectionString);
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM revocation_facts WHERE fact_key = @key";
        count.Parameters.AddWithValue("key", key);
        return (long)count.ExecuteScalar()!;
    }
}
