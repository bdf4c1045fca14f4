using System.Security.Cryptography;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>Keys at rest (§6): AES-256-GCM under the key-encryption key, bound to each key id.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class KeyProtectorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Protect_SealsEverySecret_AndOpenGivesThemBack()
    {
        var protector = new KeyProtector(RandomNumberGenerator.GetBytes(32));
        var ring = NewRing();

        var stored = protector.Protect(ring);
        var opened = protector.Open(stored);

        Assert.Equal(KeyProtector.Scheme, stored.Protection);
        Assert.All(stored.SigningKeys.Zip(ring.SigningKeys), p => Assert.False(Contains(p.First.PrivateKeyPkcs8, p.Second.PrivateKeyPkcs8[..32])));
        Assert.All(stored.RefreshKeys.Zip(ring.RefreshKeys), p => Assert.False(Contains(p.First.Secret, p.Second.Secret)));
        // A sealed private key is not a key: importing it fails.
        Assert.ThrowsAny<CryptographicException>(() => RSA.Create().ImportPkcs8PrivateKey(stored.SigningKeys[0].PrivateKeyPkcs8, out _));
        Assert.Equal(ring.SigningKeys.Select(k => k.PrivateKeyPkcs8), opened.SigningKeys.Select(k => k.PrivateKeyPkcs8));
        Assert.Equal(ring.RefreshKeys.Select(k => k.Secret), opened.RefreshKeys.Select(k => k.Secret));
        Assert.Null(opened.Protection);
        Assert.Equal(ring.ActiveSigningKid, opened.ActiveSigningKid);
    }

    [Fact]
    public void Open_PlaintextRing_ReadsItAsItIs_SoTheNextWriteSealsIt()
    {
        var ring = NewRing();

        var opened = new KeyProtector(RandomNumberGenerator.GetBytes(32)).Open(ring);

        Assert.Equal(ring.SigningKeys[0].PrivateKeyPkcs8, opened.SigningKeys[0].PrivateKeyPkcs8);
    }

    [Fact]
    public void Open_WithAnotherKeyEncryptionKey_FailsNamingTheSetting()
    {
        var stored = new KeyProtector(RandomNumberGenerator.GetBytes(32)).Protect(NewRing());

        var wrongKey = Assert.Throws<KeyEncryptionKeyMismatchException>(() => new KeyProtector(RandomNumberGenerator.GetBytes(32)).Open(stored));
        var noKey = Assert.Throws<KeyEncryptionKeyMismatchException>(() => KeyProtector.Plaintext.Open(stored));

        Assert.Contains("Keys:EncryptionKey", wrongKey.Message, StringComparison.Ordinal);
        Assert.Contains("Keys:EncryptionKey", noKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SealedSecretMovedOntoAnotherKeyId_Fails()
    {
        var protector = new KeyProtector(RandomNumberGenerator.GetBytes(32));
        var stored = protector.Protect(NewRing());
        stored.RefreshKeys[0] = stored.RefreshKeys[0] with { Kid = "another-kid" };

        Assert.Throws<KeyEncryptionKeyMismatchException>(() => protector.Open(stored));
    }

    [Fact]
    public void Plaintext_StoresTheRingAsItIs()
    {
        var ring = NewRing();

        var stored = KeyProtector.Plaintext.Protect(ring);

        Assert.Null(stored.Protection);
        Assert.Equal(ring.RefreshKeys[0].Secret, stored.RefreshKeys[0].Secret);
        Assert.Equal(ring.SigningKeys[1].PrivateKeyPkcs8, KeyProtector.Plaintext.Open(stored).SigningKeys[1].PrivateKeyPkcs8);
    }

    [Fact]
    public void KeyEncryptionKey_MustBe256Bits()
    {
        Assert.Throws<ArgumentException>(() => new KeyProtector(new byte[16]));
    }

    private static KeyRingState NewRing()
    {
        var active = KeyMaterial.NewSigningKey("RS256", Now, active: true);
        var refresh = KeyMaterial.NewRefreshKey(Now);
        return new KeyRingState
        {
            Version = 1,
            SigningKeys = [active, KeyMaterial.NewSigningKey("ES256", Now, active: false)],
            ActiveSigningKid = active.Kid,
            RefreshKeys = [refresh],
            ActiveRefreshKid = refresh.Kid,
        };
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
