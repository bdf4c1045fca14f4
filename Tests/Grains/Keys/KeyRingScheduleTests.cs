using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>
/// §6 rotation on a schedule, as the reminder's ticks drive it, on a clock that jumps: a next key is announced first,
/// signs only once announced for <c>Keys:AnnounceAhead</c>, and the retired key (signing and refresh) verifies until
/// every token it signed has expired, then leaves the ring.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class KeyRingScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    // EC keys: generated in microseconds, where RSA 2048 costs a second on a loaded machine.
    private static readonly TokenOptions Tokens = new() { Algorithm = "ES256" };
    private static readonly KeysOptions Keys = new();
    private readonly KeyRingSchedule schedule = new(Tokens, Keys);

    [Fact]
    public void PastThePeriod_ANewKeyIsAnnouncedFirst_SignsOnlyAfterAnnounceAhead_AndTheOldOneRetiresUntilItsTokensExpire()
    {
        var ring = schedule.New(Start, operatorKey: null);
        var first = ring.ActiveSigningKid;
        var firstRefresh = ring.ActiveRefreshKid;
        Assert.Null(schedule.Tick(ring, Start + Keys.RotationPeriod - Keys.AnnounceAhead - TimeSpan.FromMinutes(1), operatorKey: false));

        // The clock jumps past the period: the tick announces a key; the old one goes on signing.
        var late = Start + Keys.RotationPeriod + TimeSpan.FromHours(5);
        var announced = schedule.Tick(ring, late, operatorKey: false)!;
        var next = Assert.Single(announced.SigningKeys, k => k.Kid != first);
        Assert.Equal(first, announced.ActiveSigningKid);
        Assert.Equal(first, Signer(announced, late));
        Assert.Equal(ring.Version + 1, announced.Version);

        // Still announced for less than AnnounceAhead: not promoted.
        Assert.Null(schedule.Tick(announced, late + Keys.AnnounceAhead - TimeSpan.FromMinutes(1), operatorKey: false));

        var promotedAt = late + Keys.AnnounceAhead;
        var promoted = schedule.Tick(announced, promotedAt, operatorKey: false)!;
        Assert.Equal(next.Kid, promoted.ActiveSigningKid);
        Assert.Equal(next.Kid, Signer(promoted, promotedAt));
        Assert.Equal(promotedAt, promoted.SigningKeys.Single(k => k.Kid == first).RetiredAt);
        Assert.NotEqual(firstRefresh, promoted.ActiveRefreshKid);
        Assert.Equal(promotedAt, promoted.RefreshKeys.Single(k => k.Kid == firstRefresh).RetiredAt);

        // The retired signing key stays published until its last tokens have expired, then goes.
        var signingEnd = promotedAt + KeyPublication.KeepRetired(Tokens.AccessTokenLifetime);
        var kept = schedule.Tick(promoted, signingEnd - TimeSpan.FromMinutes(1), operatorKey: false);
        Assert.Null(kept);
        var dropped = schedule.Tick(promoted, signingEnd, operatorKey: false)!;
        Assert.DoesNotContain(dropped.SigningKeys, k => k.Kid == first);
        Assert.Contains(dropped.RefreshKeys, k => k.Kid == firstRefresh);

        // The retired refresh key verifies until its retirement end (the refresh lifetime), then leaves the ring.
        var refreshEnd = promotedAt + KeyPublication.KeepRetiredRefresh(Tokens.RefreshTokenLifetime);
        Assert.Contains(firstRefresh, Material(dropped).RefreshKeysAt(refreshEnd - TimeSpan.FromSeconds(1)).Select(k => k.KeyId));
        Assert.DoesNotContain(firstRefresh, Material(dropped).RefreshKeysAt(refreshEnd).Select(k => k.KeyId));
        var gone = schedule.Tick(dropped, refreshEnd, operatorKey: false)!;
        Assert.DoesNotContain(gone.RefreshKeys, k => k.Kid == firstRefresh);
    }

    [Fact]
    public void ManualRotation_WithNothingAnnounced_SignsWithTheNewKeyOnlyOncePublishedTwoMinutes()
    {
        var ring = schedule.New(Start, operatorKey: null);
        var now = Start + TimeSpan.FromDays(1);

        var rotated = schedule.Rotate(ring, now);

        Assert.NotEqual(ring.ActiveSigningKid, rotated.ActiveSigningKid);
        Assert.Equal(ring.ActiveSigningKid, Signer(rotated, now + KeyPublication.SignAfter - TimeSpan.FromSeconds(1)));
        Assert.Equal(rotated.ActiveSigningKid, Signer(rotated, now + KeyPublication.SignAfter));
    }

    [Fact]
    public void ChangedAlgorithm_ReplacesTheAnnouncedKey_AndAppliesAtTheNextRotation()
    {
        var ring = schedule.New(Start, operatorKey: null);
        var announcedAt = Start + Keys.RotationPeriod - Keys.AnnounceAhead;
        var announced = schedule.Tick(ring, announcedAt, operatorKey: false)!;
        var rs256 = new KeyRingSchedule(new TokenOptions { Algorithm = "RS256" }, Keys);

        var replaced = rs256.Tick(announced, announcedAt + TimeSpan.FromHours(1), operatorKey: false)!;
        var promoted = rs256.Tick(replaced, announcedAt + TimeSpan.FromHours(1) + Keys.AnnounceAhead, operatorKey: false)!;

        Assert.Equal("ES256", KeyRingSchedule.Active(replaced).Algorithm);
        Assert.Equal("RS256", KeyRingSchedule.Next(replaced)!.Algorithm);
        Assert.Equal("RS256", KeyRingSchedule.Active(promoted).Algorithm);
    }

    [Fact]
    public void OperatorKey_IsImportedOnce_AndIsNotRotatedAway_WhileRefreshKeysStillRotate()
    {
        var ring = schedule.New(Start, operatorKey: null);
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var pem = PemSigningKey.Parse(ec.ExportPkcs8PrivateKeyPem(), Start);
        var now = Start + TimeSpan.FromDays(2);

        var imported = KeyRingSchedule.Import(ring, pem, now)!;
        var later = now + Keys.RotationPeriod + Keys.AnnounceAhead;
        var ticked = schedule.Tick(imported, later, operatorKey: true)!;

        Assert.Equal(pem.Kid, imported.ActiveSigningKid);
        Assert.Equal(now, imported.SigningKeys.Single(k => k.Kid == ring.ActiveSigningKid).RetiredAt);
        Assert.Null(KeyRingSchedule.Import(imported, pem, later));
        Assert.Equal(pem.Kid, ticked.ActiveSigningKid);
        Assert.Null(KeyRingSchedule.Next(ticked));
        Assert.NotEqual(imported.ActiveRefreshKid, ticked.ActiveRefreshKid);
    }

    [Fact]
    public void AnnounceAhead_MustCoverTheFrontEndCachesAndBeShorterThanThePeriod()
    {
        var validator = new KeysOptionsValidator();

        Assert.True(validator.Validate(null, new KeysOptions()).Succeeded);
        Assert.True(new KeysOptions().AnnounceAhead > KeyPublication.FrontEndRefreshInterval + KeyPublication.JwksMaxAge);
        var tooShort = validator.Validate(null, new KeysOptions { AnnounceAhead = TimeSpan.FromSeconds(60) });
        var tooLong = validator.Validate(null, new KeysOptions { AnnounceAhead = TimeSpan.FromDays(100) });

        Assert.Contains("AnnounceAhead: 00:01:00 is shorter than 00:02:00", tooShort.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("must be shorter than Keys:RotationPeriod", tooLong.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), KeyRingGrain.TickPeriod(Keys.AnnounceAhead));
        Assert.Equal(TimeSpan.FromMinutes(1), KeyRingGrain.TickPeriod(KeyPublication.SignAfter));
    }

    private static SigningMaterial Material(KeyRingState ring) => new(ring, Tokens.RefreshTokenLifetime);

    private static string Signer(KeyRingState ring, DateTimeOffset now) => Material(ring).AccessToken(now).Key.KeyId;
}
