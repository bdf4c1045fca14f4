using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// The key ring (secrets open) turned into IdentityModel keys once, so that signing a token does not import a key
/// each time. Silo-local: built by <see cref="KeyRingCache"/>, never sent anywhere.
/// </summary>
public sealed class SigningMaterial
{
    public SigningMaterial(KeyRingState snapshot)
    {
        Version = snapshot.Version;
        var active = snapshot.SigningKeys.Single(k => k.Kid == snapshot.ActiveSigningKid);
        AccessTokenKeys = snapshot.SigningKeys.ToDictionary(k => k.Kid, k => (SecurityKey)KeyMaterial.ToPrivateSecurityKey(k), StringComparer.Ordinal);
        activeSigner = new SigningCredentials(AccessTokenKeys[active.Kid], active.Algorithm);

        // Keys that have signed or sign, newest first, each with the moment it may sign (§6, KeyPublication). The first
        // key of a new ring signs at once through the fallback: nobody can hold a stale key set yet.
        signers = snapshot.SigningKeys
            .Where(k => k.ActivatedAt is not null || k.Kid == active.Kid)
            .OrderByDescending(k => k.Kid == active.Kid).ThenByDescending(k => k.ActivatedAt)
            .Select(k => (new SigningCredentials(AccessTokenKeys[k.Kid], k.Algorithm), k.CreatedAt + KeyPublication.SignAfter))
            .ToArray();
        RefreshKeys = snapshot.RefreshKeys.Select(KeyMaterial.ToSecurityKey).ToArray();
        RefreshToken = new SigningCredentials(RefreshKeys.Single(k => k.KeyId == snapshot.ActiveRefreshKid), SecurityAlgorithms.HmacSha256);
    }

    public long Version { get; }

    private readonly SigningCredentials activeSigner;
    private readonly (SigningCredentials Credentials, DateTimeOffset SignsFrom)[] signers;

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

        return activeSigner;
    }

    /// <summary>Signs refresh tokens with the active HS256 key.</summary>
    public SigningCredentials RefreshToken { get; }

    /// <summary>Every signing key of the ring (next, active, retired) by key id, for validating presented access tokens.</summary>
    public IReadOnlyDictionary<string, SecurityKey> AccessTokenKeys { get; }

    /// <summary>Every refresh key still accepted (active and retired), for validating presented refresh tokens.</summary>
    public IReadOnlyList<SymmetricSecurityKey> RefreshKeys { get; }
}
