using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// The key ring (§6): one active signing key, one next key (published before it signs, so front ends know it
/// before the first token it signs arrives: a promoted key signs only once it has been published for
/// <see cref="KeyPublication.SignAfter"/>, whatever the rotation cadence), retired keys kept until every token they
/// signed has expired; the
/// same for the HS256 refresh-token keys, which are never published.
/// </summary>
[GrainType("key-ring")]
public sealed partial class KeyRingGrain(
    [PersistentState("key-ring", StorageNames.Main)] IPersistentState<KeyRingState> state,
    IOptions<TokenOptions> tokens,
    TimeProvider time,
    ILogger<KeyRingGrain> logger) : Grain, IKeyRingGrain
{
    public async Task<KeyRingSnapshot> GetSnapshot()
    {
        if (state.State.Version == 0)
        {
            await Initialize();
        }

        return Snapshot();
    }

    public async Task<PublicKeySet> GetPublicKeys()
    {
        var snapshot = await GetSnapshot();
        return new PublicKeySet(snapshot.Version, snapshot.SigningKeys.Select(KeyMaterial.ToPublicJwk).ToArray());
    }

    public async Task<KeyRingSnapshot> Rotate()
    {
        await GetSnapshot();
        var now = time.GetUtcNow();
        var s = state.State;
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
        s.SigningKeys = keys;
        s.ActiveSigningKid = next.Kid;

        var refresh = KeyMaterial.NewRefreshKey(now);
        s.RefreshKeys = s.RefreshKeys
            .Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k)
            .Where(k => k.RetiredAt + tokens.Value.RefreshTokenLifetime > now)
            .Append(refresh)
            .ToList();
        s.ActiveRefreshKid = refresh.Kid;
        s.Version++;
        await state.WriteOrForget(this);
        LogRotated(logger, s.ActiveSigningKid, s.Version);
        return Snapshot();
    }

    private async Task Initialize()
    {
        var now = time.GetUtcNow();
        var algorithm = tokens.Value.Algorithm;
        var active = KeyMaterial.NewSigningKey(algorithm, now, active: true);
        var refresh = KeyMaterial.NewRefreshKey(now);
        state.State = new KeyRingState
        {
            Version = 1,
            SigningKeys = [active, KeyMaterial.NewSigningKey(algorithm, now, active: false)],
            ActiveSigningKid = active.Kid,
            RefreshKeys = [refresh],
            ActiveRefreshKid = refresh.Kid,
        };
        await state.WriteOrForget(this);
        LogGenerated(logger, active.Kid, algorithm);
    }

    private KeyRingSnapshot Snapshot()
    {
        var s = state.State;
        return new KeyRingSnapshot(s.Version, s.ActiveSigningKid, s.SigningKeys.ToArray(), s.ActiveRefreshKid, s.RefreshKeys.ToArray());
    }

    [LoggerMessage(1201, LogLevel.Information, "Generated the key ring: signing key {Kid} ({Algorithm})")]
    private static partial void LogGenerated(ILogger logger, string kid, string algorithm);

    [LoggerMessage(1202, LogLevel.Information, "Rotated the key ring: signing key {Kid} is active, version {Version}")]
    private static partial void LogRotated(ILogger logger, string kid, long version);
}
