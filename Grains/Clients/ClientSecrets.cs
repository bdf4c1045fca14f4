using System.Security.Cryptography;
using System.Text;

namespace OroOrleans.Grains.Clients;

/// <summary>Client secrets: generated with 256 bits, stored as SHA-256, compared in constant time (§5).</summary>
public static class ClientSecrets
{
    /// <summary>A new secret: 256 random bits, base64url, shown to the operator once.</summary>
    public static string Generate() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// Whether the secret matches the digest. Both sides are fixed-length digests compared with
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>, so timing says nothing about the secret.
    /// </summary>
    public static bool Matches(string secret, byte[] digest)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        var buffer = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(secret, buffer);
        SHA256.HashData(buffer, presented);
        return CryptographicOperations.FixedTimeEquals(presented, digest);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
