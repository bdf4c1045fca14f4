using OroOrleans.Grains.Keys;
using System.Security.Cryptography;
using System.Text;
using OroOrleans.Grains.Clients;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
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

    [Theory]
    [InlineData(0x0000)] // NUL
    [InlineData(0x202E)] // right-to-left override
    [InlineData(0x200B)] // zero-width space
    [InlineData(0x000A)] // line feed
    [InlineData(0x2028)] // line separator
    [InlineData(0xE000)] // private use
    [InlineData(0xF0000)] // supplementary private use, a surrogate pair
    [InlineData(0x10FFFF)] // a noncharacter, a surrogate pair
    public async Task Client_NameWithControlFormatOrSeparatorCharacters_IsRefusedOnCreateAndRename(int character)
    {
        // The grain's rule, so the API, the seed and the clients command all get it (§5).
        var name = "a" + Character(character) + "b";
        var client = fixture.Grains.GetGrain<IClientGrain>(Guid.NewGuid().ToString("N"));
        var refused = await client.Create(new ClientSpec(name, null, ["password"], false, null, true));
        Assert.Equal("name", refused.Problem?.Member);
        Assert.Null(refused.Client);
        Assert.Null(await client.Get());

        Assert.Null((await client.Create(new ClientSpec("Shop \u00e9", null, ["password"], false, null, true))).Problem);
        var renamed = await client.Update(new ClientChange(name, null));
        Assert.Equal("name", renamed.Problem?.Member);
        Assert.Equal("Shop \u00e9", (await client.Get())!.Name);
    }

    [Theory]
    [InlineData(0x1F6D2)] // shopping trolley, an emoji
    [InlineData(0x1F1E9, 0x1F1EA)] // a flag: two regional indicators
    [InlineData(0x20000)] // a CJK extension B ideograph
    public async Task Client_NameWithCharactersBeyondTheBasicPlane_IsAcceptedAndKeptAsGiven(params int[] characters)
    {
        // Oro stores client names in utf8mb4 columns: an emoji is a character like any other, judged by what its
        // surrogate pair encodes, not refused for being one.
        var name = "Shop " + string.Concat(characters.Select(Character));
        var client = fixture.Grains.GetGrain<IClientGrain>(Guid.NewGuid().ToString("N"));

        var created = await client.Create(new ClientSpec(name, null, ["password"], false, null, true));

        Assert.Null(created.Problem);
        Assert.Equal(name, (await client.Get())!.Name);
        Assert.Null((await client.Update(new ClientChange(name + " 2", null))).Problem);
        Assert.Equal(name + " 2", (await client.Get())!.Name);
    }

    [Fact]
    public async Task KeyRing_ManualRotation_MakesANewActiveKey_AndKeepsTheRetiredKeyPublished()
    {
        var key = "test-" + Guid.NewGuid().ToString("N");
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>(key);
        var before = await ring.GetPublicKeys();
        var stored = await StoredRing(key);

        // A new ring has its active key only: a next key is announced Keys:AnnounceAhead before the rotation is due.
        Assert.Single(before.Keys);
        Assert.Equal("RS256", stored.SigningKeys.Single(k => k.Kid == stored.ActiveSigningKid).Algorithm);
        Assert.Equal(32, stored.RefreshKeys.Single().Secret.Length);

        var after = await ring.Rotate();
        var published = (await ring.GetPublicKeys()).Keys.Select(k => k.Kid).ToList();
        var rotated = await StoredRing(key);

        Assert.NotEqual(stored.ActiveSigningKid, after.ActiveSigningKid);
        Assert.Contains(stored.ActiveSigningKid, published);
        Assert.Contains(after.ActiveSigningKid, published);
        Assert.Equal(2, published.Count);
        Assert.Equal(published, after.PublishedKids);
        Assert.NotEqual(stored.ActiveRefreshKid, rotated.ActiveRefreshKid);
        Assert.Contains(rotated.RefreshKeys, k => k.Kid == stored.ActiveRefreshKid && k.RetiredAt is not null);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.All((await ring.GetPublicKeys()).Keys, k => Assert.Null(k.Crv));
    }

    [Fact]
    public async Task KeyRing_RetiredKeyIsDroppedOnceItsTokensHaveExpired()
    {
        var key = "test-" + Guid.NewGuid().ToString("N");
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>(key);
        await ring.GetPublicKeys();
        var first = (await StoredRing(key)).ActiveSigningKid;
        await ring.Rotate();

        // A retired key may go on signing until its successor has been published long enough (KeyPublication).
        fixture.Time.Advance(KeyPublication.KeepRetired(TimeSpan.FromHours(1)) + TimeSpan.FromMinutes(1));
        var later = await ring.Rotate();

        Assert.DoesNotContain(first, later.PublishedKids);
    }

    /// <summary>The ring as the silo stored it (this test silo stores keys in the clear), read past the grain.</summary>
    private async Task<KeyRingState> StoredRing(string key)
    {
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main);
        var state = new GrainState<KeyRingState>(new KeyRingState());
        await storage.ReadStateAsync("key-ring", GrainId.Create("key-ring", key), state);
        return state.State!;
    }

    private static string Character(int codePoint) => codePoint > char.MaxValue ? char.ConvertFromUtf32(codePoint) : ((char)codePoint).ToString();
}
