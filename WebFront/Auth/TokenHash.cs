using System.Security.Cryptography;
using System.Text;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// A token's SHA-256 as two 128-bit halves: collision-resistant, so equal hashes mean "this exact token". Its bits
/// are uniform, so any of them make a hash code or pick a stripe.
/// </summary>
public readonly record struct TokenHash(UInt128 Low, UInt128 High)
{
    public static TokenHash Of(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(token);
        var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(token, bytes);
        SHA256.HashData(bytes, hash);
        return new TokenHash(BitConverter.ToUInt128(hash), BitConverter.ToUInt128(hash[16..]));
    }

    public bool Equals(TokenHash other) => Low == other.Low && High == other.High;

    public override int GetHashCode() => (int)Low;
}
