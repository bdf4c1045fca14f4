using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// The key ring (§6): one active signing key, one next key (published before it signs, so front ends know it
/// before the first token it signs arrives: a promoted key signs only once it has been published for
/// <see cref="KeyPublication.SignAfter"/>, whatever the rotation cadence), retired keys kept until every token they
/// signed has expired; the same for the HS256 refresh-token keys, which are never published. It returns public
/// keys and key ids only: silos sign with the stored ring, read by <see cref="KeyRingCache"/>. Secrets are sealed
/// in storage by <see cref="KeyProtector"/>; a ring stored in the clear is sealed on its first read once encryption
/// is configured.
/// </summary>
[GrainType("key-ring")]
public sealed partial class KeyRingGrain(
    [PersistentState("key-ring", StorageNames.Main)] IPersistentState<KeyRingState> state,
    IOptions<TokenOptions> tokens,
    KeyProtector protector,
    KeyRingCache signing,
    TimeProvider time,
    ILogger<KeyRingGrain> logger) : Grain, IKeyRingGrain
{
    // The ring with its secrets open, as last read or written; state.State holds the stored (sealed) form.
    private KeyRingState? ring;
    private PublicKeySet? published;

    public async Task<PublicKeySet> GetPublicKeys()
    {
        var r = await Ring();
        return published ??= new PublicKeySet(r.Version, r.SigningKeys.Select(KeyMaterial.ToPublicJwk).ToArray());
    }

    public async Task<KeyRingSummary> Rotate()
    {
        var s = await Ring();
        var now = time.GetUtcNow();
        var algorithm = tokens.Value.Algorithm;
        var keys = s.SigningKeys
            .Select(k => k.Kid == s.ActiveSigningKid ? k with { RetiredAt = now } : k)
            .Select(k => k.ActivatedAt is null ? k with { ActivatedAt = now } : k)
            // A retired key is dropped once every access token it signed has expired; it may have signed for a while
            // after its retirement, until its successor had been published long enough (KeyPublication).
            .Where(k => k.RetiredAt is null || k.RetiredAt + KeyPublication.KeepRetired(tokens.Value.AccessTokenLifetime) > now)
            .ToList();
        var next = keys.Single(k => k.ActivatedAt == now && k.RetiredAt is null);
        keys.Add(KeyMaterial.NewSigningKey(algorithm, now, active: false));

        var refresh = KeyMaterial.NewRefreshKey(now);
        var rotated = new KeyRingState
        {
            Version = s.Version + 1,
            SigningKeys = keys,
            ActiveSigningKid = next.Kid,
            RefreshKeys = s.RefreshKeys
                .Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k)
                .Where(k => k.RetiredAt + tokens.Value.RefreshTokenLifetime > now)
                .Append(refresh)
                .ToList(),
            ActiveRefreshKid = refresh.Kid,
        };
        await Write(rotated);
        LogRotated(logger, rotated.ActiveSigningKid, rotated.Version);
        return Summary(rotated);
    }

    public async Task<KeyRingSummary?> Revoke(string kid)
    {
        var s = await Ring();
        if (s.SigningKeys.All(k => k.Kid != kid))
        {
            return null;
        }

        // The fact first: tokens signed with the key fail on every front end within 1 s even if the write below
        // fails. Kept while such a token may live: other silos may sign with it until their cache refreshes.
        var now = time.GetUtcNow();
        await RevocationFacts.Record(GrainFactory, new RevocationFact(
            RevocationKind.SigningKey, kid, long.MaxValue, now + tokens.Value.AccessTokenLifetime + KeyRingCache.RefreshInterval));
        if (kid == s.ActiveSigningKid)
        {
            await Rotate();
            s = ring!;
        }

        var keys = s.SigningKeys.Where(k => k.Kid != kid).ToList();
        if (keys.All(k => k.ActivatedAt is not null))
        {
            // It was the next key: publish a new one.
            keys.Add(KeyMaterial.NewSigningKey(tokens.Value.Algorithm, now, active: false));
        }

        var revoked = new KeyRingState
        {
            Version = s.Version + 1,
            SigningKeys = keys,
            ActiveSigningKid = s.ActiveSigningKid,
            RefreshKeys = s.RefreshKeys,
            ActiveRefreshKid = s.ActiveRefreshKid,
        };
        await Write(revoked);
        // This silo stops signing with it at once; the others within KeyRingCache.RefreshInterval.
        signing.Invalidate();
        LogRevoked(logger, kid, revoked.ActiveSigningKid, revoked.Version);
        return Summary(revoked);
    }

    private async Task<KeyRingState> Ring()
    {
        if (ring is not null)
        {
            return ring;
        }

        if (state.State.Version == 0)
        {
            await Initialize();
            return ring!;
        }

        var stored = state.State;
        var open = protector.Open(stored);
        if (protector.Encrypts && stored.Protection is null)
        {
            await Write(open);
            LogSealed(logger, open.Version);
        }

        return ring = open;
    }

    private async Task Initialize()
    {
        var now = time.GetUtcNow();
        var algorithm = tokens.Value.Algorithm;
        var active = KeyMaterial.NewSigningKey(algorithm, now, active: true);
        var refresh = KeyMaterial.NewRefreshKey(now);
        await Write(new KeyRingState
        {
            Version = 1,
            SigningKeys = [active, KeyMaterial.NewSigningKey(algorithm, now, active: false)],
            ActiveSigningKid = active.Kid,
            RefreshKeys = [refresh],
            ActiveRefreshKid = refresh.Kid,
        });
        LogGenerated(logger, active.Kid, algorithm);
    }

    /// <summary>
    /// Stores <paramref name="open"/> sealed; the in-memory ring changes only once the write succeeded, and a failed
    /// write forgets this activation (<see cref="StateWrites"/>).
    /// </summary>
    private async Task Write(KeyRingState open)
    {
        state.State = protector.Protect(open);
        await state.WriteOrForget(this);
        ring = open;
        published = null;
    }

    private static KeyRingSummary Summary(KeyRingState s) => new(
        s.Version,
        s.ActiveSigningKid,
        s.SigningKeys.Single(k => k.Kid == s.ActiveSigningKid).Algorithm,
        s.SigningKeys.Select(k => k.Kid).ToArray());

    [LoggerMessage(LogEvents.KeyRingGenerated, LogLevel.Information, "Generated the key ring: signing key {Kid} ({Algorithm})")]
    private static partial void LogGenerated(ILogger logger, string kid, string algorithm);

    [LoggerMessage(LogEvents.KeyRingRotated, LogLevel.Information, "Rotated the key ring: signing key {Kid} is active, version {Version}")]
    private static partial void LogRotated(ILogger logger, string kid, long version);

    [LoggerMessage(LogEvents.KeyRingRevoked, LogLevel.Warning, "Revoked signing key {Kid}: out of the JWKS, its tokens refused; signing key {Active} is active, version {Version}")]
    private static partial void LogRevoked(ILogger logger, string kid, string active, long version);

    [LoggerMessage(LogEvents.KeyRingSealed, LogLevel.Information, "Sealed the key ring (version {Version}), stored in the clear until now, under the key-encryption key")]
    private static partial void LogSealed(ILogger logger, long version);
}
