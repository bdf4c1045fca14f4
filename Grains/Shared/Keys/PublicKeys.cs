using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>Public keys as front ends use them: the only key material that leaves the silos (§6).</summary>
public static class PublicKeys
{
    /// <summary>A public JWK as a validation key for front ends.</summary>
    public static SecurityKey ToPublicSecurityKey(PublicJwk jwk)
    {
        if (jwk.Kty == "EC")
        {
            var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
            });
            return new ECDsaSecurityKey(ec) { KeyId = jwk.Kid };
        }

        var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E) });
        return new RsaSecurityKey(rsa) { KeyId = jwk.Kid };
    }
}
