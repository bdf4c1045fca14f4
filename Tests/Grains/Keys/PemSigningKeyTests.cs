using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>§6 operator-supplied PEM signing keys: RSA and EC P-256 in every usual PEM form, the kid their RFC 7638 thumbprint; anything else refused with a reason.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class PemSigningKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rsa_Pkcs1AndPkcs8_SignRs256_WithTheThumbprintAsKid()
    {
        using var rsa = RSA.Create(2048);
        var thumbprint = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false))).ComputeJwkThumbprint());

        var pkcs1 = PemSigningKey.Parse(rsa.ExportRSAPrivateKeyPem(), Now);
        var pkcs8 = PemSigningKey.Parse(rsa.ExportPkcs8PrivateKeyPem(), Now);

        Assert.Equal("RS256", pkcs1.Algorithm);
        Assert.Equal(thumbprint, pkcs1.Kid);
        Assert.Equal(thumbprint, pkcs8.Kid);
        Assert.Equal(rsa.ExportParameters(false).Modulus, Base64UrlEncoder.DecodeBytes(KeyMaterial.ToPublicJwk(pkcs8).N));
    }

    [Fact]
    public void Ec_Sec1WithParametersAndPkcs8_SignEs256_WithTheThumbprintAsKid()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var thumbprint = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec)).ComputeJwkThumbprint());
        var sec1 = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + ec.ExportECPrivateKeyPem();

        var fromSec1 = PemSigningKey.Parse(sec1, Now);
        var fromPkcs8 = PemSigningKey.Parse(ec.ExportPkcs8PrivateKeyPem(), Now);

        Assert.Equal("ES256", fromSec1.Algorithm);
        Assert.Equal(thumbprint, fromSec1.Kid);
        Assert.Equal(thumbprint, fromPkcs8.Kid);
    }

    [Fact]
    public void PublicSmallOtherCurveEncryptedOrNoKey_AreRefusedWithAReason()
    {
        using var rsa = RSA.Create(2048);
        using var small = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        Assert.Contains("public key", Refused(rsa.ExportSubjectPublicKeyInfoPem()), StringComparison.Ordinal);
        Assert.Contains("1024 bits", Refused(small.ExportPkcs8PrivateKeyPem()), StringComparison.Ordinal);
        Assert.Contains("only P-256", Refused(p384.ExportPkcs8PrivateKeyPem()), StringComparison.Ordinal);
        Assert.Contains("encrypted", Refused(encrypted), StringComparison.Ordinal);
        Assert.Contains("no RSA or EC private key", Refused("not a key"), StringComparison.Ordinal);
    }

    private static string Refused(string pem) => Assert.Throws<InvalidDataException>(() => PemSigningKey.Parse(pem, Now)).Message;
}
