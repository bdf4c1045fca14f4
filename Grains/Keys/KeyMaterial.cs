using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>Generates keys and turns stored key material into IdentityModel keys and public JWKs.</summary>
public static class KeyMaterial
{
    public static SigningKey NewSigningKey(string algorithm, DateTimeOffset now, bool active)
    {
        byte[] pkcs8;
        if (algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            pkcs8 = ec.ExportPkcs8PrivateKey();
        }
        else
        {
            using var rsa = RSA.Create(2048);
            pkcs8 = rsa.ExportPkcs8PrivateKey();
        }

        return new SigningKey(NewKid(), algorithm, pkcs8, now, active ? now : null, null);
    }

    public static RefreshKey NewRefreshKey(DateTimeOffset now) => new(NewKid(), RandomNumberGenerator.GetBytes(32), now, null);

    /// <summary>The private key as IdentityModel uses it for signing. The key object is long-lived: cache it.</summary>
    public static AsymmetricSecurityKey ToPrivateSecurityKey(SigningKey key)
    {
        if (key.Algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
            return new ECDsaSecurityKey(ec) { KeyId = key.Kid };
        }

        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Kid };
    }

    public static SymmetricSecurityKey ToSecurityKey(RefreshKey key) => new(key.Secret) { KeyId = key.Kid };

    /// <summary>The public half, as RFC 7517 publishes it.</summary>
    public static PublicJwk ToPublicJwk(SigningKey key)
    {
        if (key.Algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
            var p = ec.ExportParameters(false);
            return new PublicJwk(key.Kid, "EC", key.Algorithm, null, null, "P-256", Base64UrlEncoder.Encode(p.Q.X), Base64UrlEncoder.Encode(p.Q.Y));
        }

        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
        var r = rsa.ExportParameters(false);
        return new PublicJwk(key.Kid, "RSA", key.Algorithm, Base64UrlEncoder.Encode(r.Modulus), Base64UrlEncoder.Encode(r.Exponent), null, null, null);
    }

    // 16 random bytes, base64url: unguessable and short enough for every token header.
    private static string NewKid() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
}
