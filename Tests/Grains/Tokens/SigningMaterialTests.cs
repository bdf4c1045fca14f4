using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// §6: a key signs only after it has been published longer than a front end's key cache plus the JWKS's max-age,
/// whatever the rotation cadence; until then the newest key that has been published long enough goes on signing.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class SigningMaterialTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);

    [Fact]
    public void PublicationDelay_IsLongerThanTheFrontEndCachePlusTheJwksMaxAge()
    {
        Assert.True(KeyPublication.SignAfter > KeyPublication.FrontEndRefreshInterval + KeyPublication.JwksMaxAge);
        Assert.True(KeyPublication.KeepRetired(TimeSpan.FromHours(1)) >= KeyPublication.SignAfter + TimeSpan.FromHours(1));
    }

    [Fact]
    public void TwoRotationsThirtySecondsApart_TheNewKeysSignOnlyOncePublishedLongEnough()
    {
        // A ring made at Start (A active, B next), rotated at +3 h (B active, C next) and again 30 s later (C active, D next).
        var first = Start + TimeSpan.FromHours(3);
        var second = first + TimeSpan.FromSeconds(30);
        var a = Key("A", Start, activated: Start, retired: first);
        var b = Key("B", Start, activated: first, retired: second);
        var c = Key("C", first, activated: second, retired: null);
        var d = Key("D", second, activated: null, retired: null);
        var material = new SigningMaterial(Ring(3, "C", [a, b, c, d]), RefreshLifetime);

        // B was published for hours: it signs right after the second rotation, while C is only 30 s old.
        Assert.Equal("B", material.AccessToken(second).Key.KeyId);
        Assert.Equal("B", material.AccessToken(first + KeyPublication.SignAfter - TimeSpan.FromSeconds(1)).Key.KeyId);
        Assert.Equal("C", material.AccessToken(first + KeyPublication.SignAfter).Key.KeyId);
    }

    [Fact]
    public void NewRing_SignsWithItsFirstKeyAtOnce()
    {
        var a = Key("A", Start, activated: Start, retired: null);
        var b = Key("B", Start, activated: null, retired: null);
        var material = new SigningMaterial(Ring(1, "A", [a, b]), RefreshLifetime);

        Assert.Equal("A", material.AccessToken(Start).Key.KeyId);
    }

    [Fact]
    public void RetiredRefreshKey_VerifiesUntilItsRetirementEnd_ThenNot_AndANewOneSignsOnceEverySiloHasReadIt()
    {
        var rotatedAt = Start + TimeSpan.FromDays(90);
        var old = KeyMaterial.NewRefreshKey(Start) with { Kid = "r1", RetiredAt = rotatedAt };
        var current = KeyMaterial.NewRefreshKey(rotatedAt) with { Kid = "r2" };
        var ring = Ring(2, "A", [Key("A", Start, activated: Start, retired: null)]);
        ring.RefreshKeys = [old, current];
        ring.ActiveRefreshKid = "r2";
        var material = new SigningMaterial(ring, RefreshLifetime);
        var end = rotatedAt + KeyPublication.KeepRetiredRefresh(RefreshLifetime);

        Assert.Equal("r1", material.RefreshToken(rotatedAt).Key.KeyId);
        Assert.Equal("r2", material.RefreshToken(rotatedAt + KeyPublication.RefreshKeySignAfter).Key.KeyId);
        Assert.Equal(["r2", "r1"], material.RefreshKeysAt(end - TimeSpan.FromSeconds(1)).Select(k => k.KeyId));
        Assert.Equal(["r2"], material.RefreshKeysAt(end).Select(k => k.KeyId));
        Assert.True(end >= rotatedAt + RefreshLifetime);
    }

    private static KeyRingState Ring(long version, string activeKid, List<SigningKey> keys) => new()
    {
        Version = version,
        SigningKeys = keys,
        ActiveSigningKid = activeKid,
        RefreshKeys = [KeyMaterial.NewRefreshKey(Start) with { Kid = "r" }],
        ActiveRefreshKid = "r",
    };

    private static SigningKey Key(string kid, DateTimeOffset created, DateTimeOffset? activated, DateTimeOffset? retired) =>
        KeyMaterial.NewSigningKey("ES256", created, active: false) with { Kid = kid, CreatedAt = created, ActivatedAt = activated, RetiredAt = retired };
}
