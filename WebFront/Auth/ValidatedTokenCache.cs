using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Access tokens this front end has already validated, so that a client calling the APIs many times with one
/// token pays for one signature check, not one per request. Keyed by the token's SHA-256 (collision-resistant,
/// so a hit means "this exact token"; 32 bytes instead of the token's ~1.5 KB). Only what a signature check
/// proves is cached: the caller still checks expiry on every hit, and the revocation view is consulted on every
/// request after this. Bounded: past <see cref="Capacity"/> entries the cache starts over.
/// </summary>
public sealed class ValidatedTokenCache
{
    /// <summary>About 30 MB at the most (≈300 B an entry).</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(UInt128, UInt128), AccessToken> entries = new();

    public bool TryGet(string token, out AccessToken accessToken) => entries.TryGetValue(Key(token), out accessToken!);

    public void Add(string token, AccessToken accessToken)
    {
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[Key(token)] = accessToken;
    }

    public void Remove(string token) => entries.TryRemove(Key(token), out _);

    private static (UInt128, UInt128) Key(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(token);
        var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(token, bytes);
        SHA256.HashData(bytes, hash);
        return (BitConverter.ToUInt128(hash), BitConverter.ToUInt128(hash[16..]));
    }
}
