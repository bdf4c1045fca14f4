using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// An operator's PEM private key as a signing key of the ring (§6): RSA of 2048 bits or more (RS256) or EC P-256
/// (ES256), PKCS#1, SEC 1 or PKCS#8, unencrypted. Its key id is its RFC 7638 thumbprint, so the same key always has
/// the same <c>kid</c>. Read on silos only.
/// </summary>
public static class PemSigningKey
{
    private const int MinimumRsaBits = 2048;

    /// <summary>The key in <paramref name="pem"/>; <see cref="InvalidDataException"/> with a short reason when it is not one we sign with.</summary>
    public static SigningKey Parse(string pem, DateTimeOffset now)
    {
        if (pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidDataException("the key is encrypted; give it unencrypted, e.g. 'openssl pkey -in key.pem -out plain.pem'");
        }

        var key = Rsa(pem) ?? Ec(pem) ?? throw new InvalidDataException("no RSA or EC private key in PEM found");
        var kid = Thumbprint(KeyMaterial.ToPublicJwk(key));
        return key with { Kid = kid };
    }

    private static SigningKey? Rsa(string pem)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }

        if (rsa.KeySize < MinimumRsaBits)
        {
            throw new InvalidDataException($"an RSA key of {rsa.KeySize} bits; at least {MinimumRsaBits} are needed");
        }

        return new SigningKey("", SecurityAlgorithms.RsaSha256, PrivatePart(rsa), default, null, null);
    }

    private static SigningKey? Ec(string pem)
    {
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }

        var curve = ec.ExportParameters(false).Curve;
        if (curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidDataException($"an EC key on curve {curve.Oid.FriendlyName ?? curve.Oid.Value}; only P-256 (ES256) is supported");
        }

        return new SigningKey("", SecurityAlgorithms.EcdsaSha256, PrivatePart(ec), default, null, null);
    }

    private static byte[] PrivatePart(AsymmetricAlgorithm key)
    {
        try
        {
            return key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException)
        {
            throw new InvalidDataException("a public key; the private key is needed to sign");
        }
    }

    /// <summary>RFC 7638: SHA-256 of the key's required members, base64url.</summary>
    private static string Thumbprint(PublicJwk jwk)
    {
        var key = jwk.Kty == "EC"
            ? new JsonWebKey { Kty = "EC", Crv = jwk.Crv, X = jwk.X, Y = jwk.Y }
            : new JsonWebKey { Kty = "RSA", N = jwk.N, E = jwk.E };
        return Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
    }
}
