using OroOrleans.Grains.Keys;
using System.Security.Cryptography;
using System.Text;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Clients;

/// <summary>Client registrations and the key ring (§5, §6).</summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class ClientAndKeyRingGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task Client_RegisterIfAbsent_StoresOnlyTheDigestAndLeavesAnExistingClientAlone()
    {
        var id = Guid.NewGuid().ToString("N");
        var client = fixture.Grains.GetGrain<IClientGrain>(id);

        Assert.True(await client.RegisterIfAbsent(new ClientSpec("first", "secret-one-0123456789", ["password"], false, null, true)));
        Assert.False(await client.RegisterIfAbsent(new ClientSpec("second", "secret-two-0123456789", ["client_credentials"], true, null, false)));

        var registration = (await client.GetRegistration())!;
        Assert.Equal("first", registration.Name);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("secret-one-0123456789")), registration.SecretDigest);
        Assert.True(ClientSecrets.Matches("secret-one-0123456789", registration.SecretDigest));
        Assert.False(ClientSecrets.Matches("secret-two-0123456789", registration.SecretDigest));
        Assert.Equal(ApplicationKind.Backoffice, registration.Application);
        Assert.Null(await fixture.Grains.GetGrain<IClientGrain>(Guid.NewGuid().ToString("N")).GetRegistration());
    }

    [Fact]
    public void ClientSecrets_GeneratedSecretsHave256Bits()
    {
        var secret = ClientSecrets.Generate();

        Assert.Equal(43, secret.Length);
        Assert.NotEqual(secret, ClientSecrets.Generate());
    }

    [Fact]
    public async Task KeyRing_PublishesActiveAndNext_AndRotationKeepsTheRetiredKeyPublished()
    {
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>("test-" + Guid.NewGuid().ToString("N"));
        var before = await ring.GetSnapshot();
        var next = before.SigningKeys.Single(k => k.ActivatedAt is null);

        Assert.Equal(2, before.SigningKeys.Count);
        Assert.Equal("RS256", before.SigningKeys.Single(k => k.Kid == before.ActiveSigningKid).Algorithm);
        Assert.Equal(32, before.RefreshKeys.Single().Secret.Length);

        var after = await ring.Rotate();
        var published = (await ring.GetPublicKeys()).Keys.Select(k => k.Kid).ToList();

        Assert.Equal(next.Kid, after.ActiveSigningKid);
        Assert.Contains(before.ActiveSigningKid, published);
        Assert.Contains(after.ActiveSigningKid, published);
        Assert.Equal(3, published.Count);
        Assert.NotEqual(before.ActiveRefreshKid, after.ActiveRefreshKid);
        Assert.Contains(after.RefreshKeys, k => k.Kid == before.ActiveRefreshKid && k.RetiredAt is not null);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.All((await ring.GetPublicKeys()).Keys, k => Assert.Null(k.Crv));
    }

    [Fact]
    public async Task KeyRing_RetiredKeyIsDroppedOnceItsTokensHaveExpired()
    {
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>("test-" + Guid.NewGuid().ToString("N"));
        var first = await ring.GetSnapshot();
        await ring.Rotate();

        // A retired key may go on signing until its successor has been published long enough (KeyPublication).
        fixture.Time.Advance(KeyPublication.KeepRetired(TimeSpan.FromHours(1)) + TimeSpan.FromMinutes(1));
        var later = await ring.Rotate();

        Assert.DoesNotContain(later.SigningKeys, k => k.Kid == first.ActiveSigningKid);
    }
}
