using Orleans.Serialization;
using OroOrleans.WebFront.Token;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>§9.2: every storage or cluster failure is unavailability (503), whatever type reaches the front end.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ClusterFaultsTests
{
    public static TheoryData<Exception> Unavailable() =>
    [
        new TimeoutException(),
        new OrleansException("gateway gone"),
        new Microsoft.Data.Sqlite.SqliteException("database is locked", 5),
        // What a silo's NpgsqlException became on its way to a front end before WireExceptions (no Orleans codec).
        new CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException"),
        new InvalidOperationException("wrapper", new CodecNotFoundException("no codec")),
        new AggregateException(new ArgumentException("a"), new TimeoutException()),
    ];

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void StorageAndClusterFaults_AreUnavailability(Exception e) => Assert.True(ClusterFaults.IsUnavailable(e));

    [Fact]
    public void Describe_NamesEachType_OutermostFirst_AndNoMessage()
    {
        var described = ClusterFaults.Describe(new OrleansException("grain storage-probe/x failed", new TimeoutException("after 5 s")));
        Assert.Equal("OrleansException > TimeoutException", described);
    }

    [Fact]
    public void Bugs_AreNot() =>
        Assert.False(ClusterFaults.IsUnavailable(new InvalidOperationException("bug", new ArgumentNullException("x"))));
}
