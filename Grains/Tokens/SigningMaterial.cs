using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// The key ring (secrets open) turned into IdentityModel keys once, so that signing a token does not import a key
/// each time. Silo-local: built by <see cref="KeyRingCache"/>, never sent anywhere.
/// </summary>
public sealed class SigningMaterial
{
    /// <param name="snapshot">The ring, secrets open.</param>
    /// <param name="refreshTokenLifetime">Sets each retired refresh key's retirement end (<see cref="KeyPublication.KeepRetiredRefresh"/>).</param>
    public SigningMaterial(KeyRingState snapshot, TimeSpan refreshTokenLifetime)
    {
        Version = snapshot.Version;
        var active = snapshot.SigningKeys.Single(k => k.Kid == snapshot.ActiveSigningKid);
        AccessTokenKeys = snapshot.SigningKeys.ToDictionary(k => k.Kid, k => (SecurityKey)KeyMaterial.ToPrivateSecurityKey(k), StringComparer.Ordinal);

        // Keys that have signed or sign, newest first, each with the moment it may sign (§6, KeyPublication). The first
        // key of a new ring signs at once through the fallback: nobody can hold a stale key set yet.
        signers = snapshot.SigningKeys
            .Where(k => k.ActivatedAt is not null || k.Kid == active.Kid)
            .OrderByDescending(k => k.Kid == active.Kid).ThenByDescending(k => k.ActivatedAt)
            .Select(k => (new SigningCredentials(AccessTokenKeys[k.Kid], k.Algorithm), k.CreatedAt + KeyPublication.SignAfter))
            .ToArray();
        // When none has been published long enough (a new ring, or rotations seconds apart), the one published longest.
        longestPublished = signers.MinBy(s => s.SignsFrom).Credentials;
        // Refresh keys likewise: a new one signs once every silo has read it; a retired one verifies until its retirement end.
        refreshKeys = snapshot.RefreshKeys
            .OrderByDescending(k => k.Kid == snapshot.ActiveRefreshKid).ThenByDescending(k => k.CreatedAt)
            .Select(k => (
                Key: KeyMaterial.ToSecurityKey(k),
                SignsFrom: k.CreatedAt + KeyPublication.RefreshKeySignAfter,
                VerifiesUntil: k.RetiredAt is { } retired ? retired + KeyPublication.KeepRetiredRefresh(refreshTokenLifetime) : DateTimeOffset.MaxValue))
            .ToArray();
        activeRefresh = new SigningCredentials(refreshKeys[0].Key, SecurityAlgorithms.HmacSha256);
    }

    public long Version { get; }

    private readonly SigningCredentials longestPublished;
    private readonly (SigningCredentials Credentials, DateTimeOffset SignsFrom)[] signers;
    private readonly (SymmetricSecurityKey Key, DateTimeOffset SignsFrom, DateTimeOffset VerifiesUntil)[] refreshKeys;
    private readonly SigningCredentials activeRefresh;

    /// <summary>
    /// The credentials that sign access tokens at <paramref name="now"/>: the active key once it has been published for
    /// <see cref="KeyPublication.SignAfter"/>, until then the newest earlier key that has (§6: a key signs only after
    /// every JWKS lists it, however quickly rotations follow each other).
    /// </summary>
    public SigningCredentials AccessToken(DateTimeOffset now)
    {
        foreach (var (credentials, signsFrom) in signers)
        {
            if (signsFrom <= now)
            {
                return credentials;
            }
        }

        return longestPublished;
    }

    /// <summary>
    /// The HS256 credentials that sign refresh tokens at <paramref name="now"/>: the active key once every silo has
    /// read it (<see cref="KeyPublication.RefreshKeySignAfter"/>), until then the newest earlier key.
    /// </summary>
    public SigningCredentials RefreshToken(DateTimeOffset now)
    {
        for (var i = 1; i < refreshKeys.Length && refreshKeys[0].SignsFrom > now; i++)
        {
            if (refreshKeys[i].SignsFrom <= now && refreshKeys[i].VerifiesUntil > now)
            {
                return new SigningCredentials(refreshKeys[i].Key, SecurityAlgorithms.HmacSha256);
            }
        }

        return activeRefresh;
    }

    /// <summary>The refresh keys that verify at <paramref name="now"/>: the active one and the retired ones before their retirement end.</summary>
    public IEnumerable<SymmetricSecurityKey> RefreshKeysAt(DateTimeOffset now) =>
        refreshKeys.Where(k => k.VerifiesUntil > now).Select(k => k.Key);

    /// <summary>Every signing key of the ring (next, active, retired) by key id, for validating presented access tokens.</summary>
    public IReadOnlyDictionary<string, SecurityKey> AccessTokenKeys { get; }
}
