using System.Security.Cryptography;
using System.Text;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// Encrypts the key ring's secrets at rest (§6): each private signing key and refresh key is sealed with
/// AES-256-GCM under the key-encryption key (<c>Keys:EncryptionKey</c> or <c>Keys:EncryptionKeyFile</c>), with its
/// key id as associated data so that a sealed blob cannot be moved onto another key. A sealed blob is
/// <c>nonce (12) | tag (16) | ciphertext</c>. Without a key-encryption key (<c>Keys:AllowPlaintext</c>) it stores
/// them as they are. Silo-local: the key-encryption key never crosses the wire.
/// </summary>
public sealed class KeyProtector
{
    /// <summary>The value of <see cref="KeyRingState.Protection"/> for a sealed ring.</summary>
    public const string Scheme = "A256GCM";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[]? keyEncryptionKey;

    /// <param name="keyEncryptionKey">256 bits, or null to store keys in the clear.</param>
    public KeyProtector(byte[]? keyEncryptionKey)
    {
        if (keyEncryptionKey is not null && keyEncryptionKey.Length != 32)
        {
            throw new ArgumentException("The key-encryption key must be 256 bits.", nameof(keyEncryptionKey));
        }

        this.keyEncryptionKey = keyEncryptionKey;
    }

    /// <summary>Stores keys as they are: only with <c>Keys:AllowPlaintext=true</c>, and in tests.</summary>
    public static KeyProtector Plaintext { get; } = new(null);

    public bool Encrypts => keyEncryptionKey is not null;

    /// <summary>The ring as it is stored: every secret sealed when a key-encryption key is set.</summary>
    public KeyRingState Protect(KeyRingState ring) => Encrypts ? Copy(ring, Scheme, Seal) : Copy(ring, null, (secret, _) => secret);

    /// <summary>
    /// The ring with its secrets in the clear, from a stored ring sealed or not (rows written before encryption was
    /// configured are read as they are and sealed by the next write).
    /// </summary>
    public KeyRingState Open(KeyRingState stored)
    {
        if (stored.Protection is null)
        {
            return Copy(stored, null, (secret, _) => secret);
        }

        if (stored.Protection != Scheme || keyEncryptionKey is null)
        {
            throw new KeyEncryptionKeyMismatchException(
                $"The key ring is stored encrypted ({stored.Protection}): set Keys:EncryptionKey or Keys:EncryptionKeyFile to the key-encryption key it was written with.");
        }

        return Copy(stored, null, Unseal);
    }

    private byte[] Seal(byte[] secret, string kid)
    {
        var blob = new byte[NonceSize + TagSize + secret.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyEncryptionKey!, TagSize);
        aes.Encrypt(nonce, secret, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), AssociatedData(kid));
        return blob;
    }

    private byte[] Unseal(byte[] blob, string kid)
    {
        if (blob.Length < NonceSize + TagSize)
        {
            throw new CryptographicException($"The stored key {kid} is not a sealed key.");
        }

        var secret = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(keyEncryptionKey!, TagSize);
        try
        {
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), secret, AssociatedData(kid));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyEncryptionKeyMismatchException($"The stored key {kid} does not open with the configured key-encryption key (Keys:EncryptionKey or Keys:EncryptionKeyFile).", e);
        }

        return secret;
    }

    private static byte[] AssociatedData(string kid) => Encoding.UTF8.GetBytes("oroorleans-key-ring/" + kid);

    private static KeyRingState Copy(KeyRingState ring, string? protection, Func<byte[], string, byte[]> secret) => new()
    {
        Version = ring.Version,
        SigningKeys = ring.SigningKeys.Select(k => k with { PrivateKeyPkcs8 = secret(k.PrivateKeyPkcs8, k.Kid) }).ToList(),
        ActiveSigningKid = ring.ActiveSigningKid,
        RefreshKeys = ring.RefreshKeys.Select(k => k with { Secret = secret(k.Secret, k.Kid) }).ToList(),
        ActiveRefreshKid = ring.ActiveRefreshKid,
        Protection = protection,
        ImportedPemKid = ring.ImportedPemKid,
    };
}
