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
        AccessToken = new SigningCredentials(KeyMaterial.ToPrivateSecurityKey(active), active.Algorithm);
        RefreshKeys = snapshot.RefreshKeys.Select(KeyMaterial.ToSecurityKey).ToArray();
        AccessTokenKeys = snapshot.SigningKeys.ToDictionary(
            k => k.Kid,
            k => k.Kid == active.Kid ? AccessToken.Key : (SecurityKey)KeyMaterial.ToPrivateSecurityKey(k),
            StringComparer.Ordinal);
        RefreshToken = new SigningCredentials(RefreshKeys.Single(k => k.KeyId == snapshot.ActiveRefreshKid), SecurityAlgorithms.HmacSha256);
    }

    public long Version { get; }

    /// <summary>Signs access tokens with the active asymmetric key.</summary>
    public SigningCredentials AccessToken { get; }

    /// <summary>Signs refresh tokens with the active HS256 key.</summary>
    public SigningCredentials RefreshToken { get; }

    /// <summary>Every signing key of the ring (next, active, retired) by key id, for validating presented access tokens.</summary>
    public IReadOnlyDictionary<string, SecurityKey> AccessTokenKeys { get; }

    /// <summary>Every refresh key still accepted (active and retired), for validating presented refresh tokens.</summary>
    public IReadOnlyList<SymmetricSecurityKey> RefreshKeys { get; }
}
