using Microsoft.Extensions.DependencyInjection;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>
/// §6 rotation driven by a reminder, on a silo with a fake clock: the key ring registers its reminder when it
/// activates, and a tick after the clock passed the rotation period announces the next key, which the ring promotes
/// once it has been announced for <c>Keys:AnnounceAhead</c>.
/// </summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class KeyRotationReminderTests(GrainClusterFixture fixture)
{
    private static readonly KeysOptions Keys = new();

    [Fact]
    public async Task KeyRing_RegistersItsReminder_AndTicksRotateByTheClock()
    {
        var key = "test-" + Guid.NewGuid().ToString("N");
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>(key);
        var first = await ring.GetPublicKeys();

        var reminder = await fixture.SiloServices.GetRequiredService<IReminderTable>().ReadRow(GrainId.Create("key-ring", key), KeyRingGrain.ReminderName);
        Assert.NotNull(reminder);
        Assert.Equal(TimeSpan.FromHours(1), reminder.Period);

        fixture.Time.Advance(Keys.RotationPeriod + TimeSpan.FromMinutes(1));
        var announced = await ring.Tick();
        var published = (await ring.GetPublicKeys()).Keys.Select(k => k.Kid).ToList();

        Assert.Equal(first.Keys.Single().Kid, announced.ActiveSigningKid);
        Assert.Equal(2, published.Count);

        fixture.Time.Advance(Keys.AnnounceAhead);
        var promoted = await ring.Tick();

        Assert.NotEqual(announced.ActiveSigningKid, promoted.ActiveSigningKid);
        Assert.Contains(promoted.ActiveSigningKid, published);
        Assert.Contains(announced.ActiveSigningKid, promoted.PublishedKids);
        Assert.Equal(announced.Version + 1, promoted.Version);
        Assert.Equal(promoted.Version, (await ring.Tick()).Version);
    }
}
