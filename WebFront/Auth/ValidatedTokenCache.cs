using System.Security.Cryptography;
using System.Text;
using BitFaster.Caching.Lru;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Access tokens this front end has already validated, so that a client calling the APIs many times with one
/// token pays for one signature check, not one per request. Keyed by the token's SHA-256 (collision-resistant,
/// so a hit means "this exact token"; 32 bytes instead of the token's ~1.5 KB). Only what a signature check
/// proves is cached: the caller still checks expiry on every hit, and the revocation view is consulted on every
/// request after this. Bounded: BitFaster's <see cref="ConcurrentLru{K, V}"/> keeps the <see cref="Capacity"/>
/// most recently used entries, dropping the least recently used one at a time, with no lock and no global count
/// per add, so a flood of one-time tokens neither grows the cache nor empties it of the tokens in use.
/// </summary>
public sealed class ValidatedTokenCache
{
    /// <summary>
    /// About 30 MB at the most: a cached guest token costs ≈ 610 B (ValidatedTokenCacheMemoryTests). A token
    /// that fell out costs one signature check on its next use.
    /// </summary>
    public const int Capacity = 50_000;

    private readonly ConcurrentLru<(UInt128, UInt128), AccessToken> entries = new(Capacity);

    public bool TryGet(string token, out AccessToken accessToken) => entries.TryGet(Key(token), out accessToken!);

    public void Add(string token, AccessToken accessToken) => entries.AddOrUpdate(Key(token), accessToken);

    public void Remove(string token) => entries.TryRemove(Key(token));

    /// <summary>Entries held now (a sum over the cache's segments; for tests and diagnostics, not the hot path).</summary>
    public int Count => entries.Count;

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
