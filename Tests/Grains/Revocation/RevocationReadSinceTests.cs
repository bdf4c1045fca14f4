using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Revocation;

/// <summary>
/// <see cref="IRevocationLedgerGrain.ReadSince"/>: a reader that starts reads the shard whole; one that comes back
/// with its cursor reads only the facts changed since, each once and merged; a cursor of another activation, or
/// older than the changes the shard keeps, reads whole again.
/// </summary>
[Collection(FakeClockCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationReadSinceTests(FakeClockCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task AReaderThatComesBack_ReadsOnlyTheFactsChangedSince_EachOnceAndMerged()
    {
        var keys = LedgerKeys.OfOneShard(4);
        var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(keys[0]));
        var until = cluster.Clock.GetUtcNow().AddHours(1);
        await shard.Record(Fact(keys[0], 2, until));
        await shard.Record(Fact(keys[1], 2, until));

        var start = await shard.ReadSince(default);
        Assert.True(start.Whole);
        Assert.Contains(Fact(keys[0], 2, until), start.Facts);
        Assert.Contains(Fact(keys[1], 2, until), start.Facts);

        // Changed since: a new key, and keys[0] twice (a higher threshold, then a lower one that changes nothing).
        await shard.Record(Fact(keys[2], 3, until));
        await shard.Publish(Fact(keys[0], 5, until), except: null);
        await shard.Record(Fact(keys[0], 4, until));
        await shard.Record(Fact(keys[1], 2, until)); // held already: not a change
        var since = await shard.ReadSince(start.Cursor);
        output.WriteLine($"whole read: {start.Facts.Count} facts; read since: {since.Facts.Count} ({string.Join(", ", since.Facts.Select(f => f.Threshold))})");

        Assert.False(since.Whole);
        Assert.Equal(
            new[] { Fact(keys[0], 5, until), Fact(keys[2], 3, until) }.OrderBy(f => f.Key),
            since.Facts.OrderBy(f => f.Key));
        Assert.Equal(start.Cursor.Activation, since.Cursor.Activation);

        var nothing = await shard.ReadSince(since.Cursor);
        Assert.False(nothing.Whole);
        Assert.Empty(nothing.Facts);
        Assert.Equal(since.Cursor, nothing.Cursor);
    }

    [Fact]
    public async Task ACursorOfAnotherActivation_OrFromTheFuture_ReadsWhole()
    {
        var keys = LedgerKeys.OfOneShard(1);
        var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(keys[0]));
        await shard.Record(Fact(keys[0], 2, cluster.Clock.GetUtcNow().AddHours(1)));
        var now = await shard.ReadSince(default);

        var otherActivation = await shard.ReadSince(new RevocationCursor(Guid.NewGuid(), now.Cursor.Changes));
        var ahead = await shard.ReadSince(now.Cursor with { Changes = now.Cursor.Changes + 1 });

        Assert.True(otherActivation.Whole);
        Assert.Contains(otherActivation.Facts, f => f.Key == keys[0]);
        Assert.True(ahead.Whole);
        Assert.Contains(ahead.Facts, f => f.Key == keys[0]);
    }

    [Fact]
    public async Task ACursorOlderThanTheChangesKept_ReadsWhole_AndAnExpiredFactIsNeverRead()
    {
        var keys = LedgerKeys.OfOneShard(3);
        var shard = cluster.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(keys[0]));
        var old = (await shard.ReadSince(default)).Cursor;
        var soon = cluster.Clock.GetUtcNow().AddMinutes(5);
        await shard.Record(Fact(keys[0], 2, soon));
        await shard.Record(Fact(keys[1], 2, cluster.Clock.GetUtcNow().AddHours(2)));
        var recent = (await shard.ReadSince(default)).Cursor;

        // Past the changes kept: the next change drops the older ones (and the sweep drops the expired fact).
        cluster.Clock.Advance(IRevocationLedgerGrain.ChangesKept + TimeSpan.FromMinutes(1));
        await shard.Record(Fact(keys[2], 2, cluster.Clock.GetUtcNow().AddHours(1)));

        var fromOld = await shard.ReadSince(old);
        var fromRecent = await shard.ReadSince(recent);
        output.WriteLine($"from the old cursor ({old.Changes}): whole {fromOld.Whole}, {fromOld.Facts.Count} facts; " +
            $"from the recent one ({recent.Changes}): whole {fromRecent.Whole}, {fromRecent.Facts.Count} facts");
        Assert.True(fromOld.Whole);
        // The recent cursor stands exactly where the dropped changes end: what came after it is still kept.
        Assert.False(fromRecent.Whole);
        Assert.Equal(keys[2], Assert.Single(fromRecent.Facts).Key);
        Assert.Contains(fromOld.Facts, f => f.Key == keys[1]);
        Assert.Contains(fromOld.Facts, f => f.Key == keys[2]);
        Assert.DoesNotContain(fromOld.Facts, f => f.Key == keys[0]); // expired: never read

        var latest = await shard.ReadSince(fromOld.Cursor);
        Assert.False(latest.Whole);
        Assert.Empty(latest.Facts);
    }

    private static RevocationFact Fact(string key, long threshold, DateTimeOffset until) =>
        new(RevocationKind.Family, key, threshold, until);
}
