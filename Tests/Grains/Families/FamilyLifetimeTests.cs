using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Families;

/// <summary>
/// Refresh lifetimes (§2.6, §3) against a fake clock: 30 days sliding from each rotation, 90 days absolute from the
/// login; and what a family stores (nothing until its first rotation).
/// </summary>
[Collection(FakeClockCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class FamilyLifetimeTests(FakeClockCluster cluster)
{
    [Fact]
    public async Task Refresh_After31DaysWithoutRotation_HasExpired()
    {
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var login = await cluster.Login(client, user, password);

        cluster.Clock.Advance(TimeSpan.FromDays(31));

        var outcome = await cluster.Rotate(client, login.RefreshToken!);
        Assert.Equal(DenialReason.RefreshTokenExpired, Assert.IsType<TokenDenied>(outcome).Reason);
    }

    [Fact]
    public async Task Refresh_Every20Days_WorksUntilTheFamilyIs90DaysOld_ThenHasExpired()
    {
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var loginAt = cluster.Clock.GetUtcNow();
        var token = (await cluster.Login(client, user, password)).RefreshToken!;

        for (var day = 20; day <= 80; day += 20)
        {
            cluster.Clock.Advance(TimeSpan.FromDays(20));
            token = Assert.IsType<TokenRotated>(await cluster.Rotate(client, token)).Issued.RefreshToken!;
        }

        // The token of day 80 is capped at the family's end, not 30 days later.
        var expires = DateTimeOffset.FromUnixTimeSeconds(FamilyClient.Decode(token).GetPayloadValue<long>("exp"));
        Assert.Equal(loginAt.AddDays(90).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());

        cluster.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));
        var outcome = await cluster.Rotate(client, token);
        Assert.Equal(DenialReason.RefreshTokenExpired, Assert.IsType<TokenDenied>(outcome).Reason);
    }

    [Fact]
    public async Task Family_StoresNothingUntilItsFirstRotation()
    {
        // Family ids look like GUIDs, so the storage keys them by number: count the family rows around each step
        // (tests of a collection run one at a time).
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var before = StoredFamilies();
        var login = await cluster.Login(client, user, password);
        var familyId = FamilyClient.Decode(login.RefreshToken!).GetPayloadValue<string>("fid");

        Assert.True(await cluster.Grains.GetGrain<IRefreshFamilyGrain>(familyId).IsCurrent(0));
        Assert.Equal(before, StoredFamilies());

        Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        Assert.Equal(before + 1, StoredFamilies());
    }

    [Fact]
    public async Task Family_LeavesMemoryOnceItHasAnsweredARefresh_AndTheNextOneReadsItBack()
    {
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var login = await cluster.Login(client, user, password);
        var family = cluster.Grains.GetGrain<IRefreshFamilyGrain>(FamilyClient.Decode(login.RefreshToken!).GetPayloadValue<string>("fid"));

        var rotated = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        await AssertLeavesMemory(family, "after a rotation");

        // A retry within the window (§3) is answered from the stored state by a new activation, which leaves too.
        var retried = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        Assert.Equal((rotated.Issued.AccessToken, rotated.Issued.RefreshToken), (retried.Issued.AccessToken, retried.Issued.RefreshToken));
        await AssertLeavesMemory(family, "after a retry");

        var next = Assert.IsType<TokenRotated>(await cluster.Rotate(client, rotated.Issued.RefreshToken!));
        Assert.Equal(2, FamilyClient.Decode(next.Issued.RefreshToken!).GetPayloadValue<long>("gen"));
        await AssertLeavesMemory(family, "after the second rotation");
    }

    [Fact]
    public async Task Reuse_IsCounted_AndReturnsTheFactThatRevokesTheFamily()
    {
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var login = await cluster.Login(client, user, password);
        var familyId = FamilyClient.Decode(login.RefreshToken!).GetPayloadValue<string>("fid");
        var rotated = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        var superseded = Assert.Single(rotated.Revocations);
        Assert.Equal((RevocationKind.Family, familyId, 1L), (superseded.Kind, superseded.Key, superseded.Threshold));

        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "OroOrleans" && instrument.Name == "oroorleans.refresh.reuse_detected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();

        // Past Tokens:RefreshRetryWindow, so this is reuse and not a retry (§3).
        cluster.Clock.Advance(TimeSpan.FromSeconds(31));
        var reuse = Assert.IsType<RefreshDenied>(await cluster.Rotate(client, login.RefreshToken!));

        Assert.Equal(DenialReason.RefreshTokenRevoked, reuse.Reason);
        var fact = Assert.Single(reuse.Revocations);
        Assert.Equal((RevocationKind.Family, familyId, long.MaxValue), (fact.Kind, fact.Key, fact.Threshold));
        Assert.True(fact.KeepUntil > cluster.Clock.GetUtcNow().AddHours(1), "the fact must outlive the newest access token");
        Assert.Equal(1, Interlocked.Read(ref counted));
        Assert.Equal(DenialReason.RefreshTokenRevoked, Assert.IsType<TokenDenied>(await cluster.Rotate(client, rotated.Issued.RefreshToken!)).Reason);
    }

    [Fact]
    public async Task RevokeAccessToken_WithoutFamily_RevokesItByJti_OnlyForItsOwnClient()
    {
        var client = await cluster.NewClient("client_credentials");
        var other = await cluster.NewClient("client_credentials");
        var expires = cluster.Clock.GetUtcNow().AddHours(1);
        var reference = new AccessTokenReference(client.ClientId, null, "jti-" + Guid.NewGuid().ToString("N"), expires);
        var inspector = cluster.Grains.GetGrain<ITokenInspectorGrain>(0);

        var foreign = await inspector.RevokeAccessToken(other, reference);
        var own = await inspector.RevokeAccessToken(client, reference);
        var unauthenticated = await inspector.RevokeAccessToken(client with { ClientSecret = "wrong" }, reference);

        Assert.True(foreign.ClientAuthenticated);
        Assert.Empty(foreign.Revocations);
        var fact = Assert.Single(own.Revocations);
        Assert.Equal((RevocationKind.Token, reference.TokenId), (fact.Kind, fact.Key));
        Assert.True(fact.KeepUntil >= expires);
        Assert.False(unauthenticated.ClientAuthenticated);
    }

    /// <summary>The family's activation is gone within 10 s (deactivation runs after the answer, off its turn).</summary>
    private async Task AssertLeavesMemory(IRefreshFamilyGrain family, string when)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await management.GetActivationAddress(family) is not null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the family is still active 10 s {when}");
            await Task.Delay(20);
        }
    }

    private long StoredFamilies()
    {
        using var connection = new SqliteConnection(cluster.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'refresh-family'";
        return (long)command.ExecuteScalar()!;
    }
}
