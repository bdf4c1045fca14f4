using Npgsql;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>The ledger's fact table on PostgreSQL (cluster mode, schema by <c>migrate</c>), against <c>OROORLEANS_TEST_PG</c>.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresRevocationFactTableTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Upsert_Merges_ReadLive_SkipsExpired_DropExpired_DeletesThem()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresTestDatabase.ConnectionStringAsync(output));
        var table = RevocationFactTable.Postgres(dataSource);
        var now = DateTimeOffset.UtcNow;
        // A shard number of its own per run, far from the ledger's 0–15, so runs and other tests do not meet.
        var shard = 1_000 + Random.Shared.Next(1_000_000);
        var expired = new RevocationFact(RevocationKind.Token, Guid.NewGuid().ToString("N"), 0, now.AddSeconds(-1));
        var family = Guid.NewGuid().ToString("N");

        await table.Upsert(shard, [expired, new RevocationFact(RevocationKind.Family, family, 5, now.AddMinutes(10))]);
        await table.Upsert(shard, [new RevocationFact(RevocationKind.Family, family, 3, now.AddMinutes(20))]);

        var live = Assert.Single(await table.ReadLive(shard, now));
        Assert.Equal(new RevocationFact(RevocationKind.Family, family, 5, now.AddMinutes(20)), live);
        Assert.Equal(1, await table.DropExpired(shard, now));
        Assert.Equal(0, await table.DropExpired(shard, now));
        Assert.Single(await table.ReadLive(shard, now));
    }
}
