using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// Revocation facts about 128-bit ids (refresh families and <c>jti</c>s, 32 lower-case hex digits), the bulk of a
/// front end's facts (one per rotation that superseded a live access token). Held as 16 key bytes and 8 value
/// bytes in plain dictionaries, 64 shards each behind its own lock, instead of a key string, a tuple and a record
/// per fact: ≈ 50 B a fact instead of ≈ 215 (docs/revocation.md). Facts that do not fit (another key shape, a
/// threshold beyond <see cref="uint"/>) are refused by <see cref="TryApply"/> and kept by the caller as they are.
/// </summary>
public sealed class CompactRevocationFacts
{
    private const int ShardCount = 64;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly Shard[] shards = Enumerable.Range(0, ShardCount).Select(_ => new Shard()).ToArray();

    public int Count => shards.Sum(s => s.Count);

    /// <summary>Whether <paramref name="key"/> is a 128-bit id this map can hold.</summary>
    public static bool Fits(string key) => key.Length == 32 && !key.AsSpan().ContainsAnyExcept(LowerHex);

    /// <summary>Adds a fact (a fact for the same id keeps the higher threshold and the later expiry); false if it does not fit.</summary>
    public bool TryApply(string key, long threshold, DateTimeOffset keepUntil)
    {
        if (!Fits(key) || (threshold != long.MaxValue && (threshold < 0 || threshold >= uint.MaxValue)))
        {
            return false;
        }

        var id = Parse(key);
        var fact = new Fact(threshold == long.MaxValue ? uint.MaxValue : (uint)threshold, Seconds(keepUntil));
        var shard = ShardOf(id);
        lock (shard.Gate)
        {
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(shard.Facts, id, out var existed);
            held = existed ? new Fact(Math.Max(held.Threshold, fact.Threshold), Math.Max(held.KeepUntil, fact.KeepUntil)) : fact;
        }

        return true;
    }

    /// <summary>The lowest valid value for <paramref name="key"/>, or null when no fact names it.</summary>
    public long? Threshold(string key)
    {
        if (!Fits(key))
        {
            return null;
        }

        var id = Parse(key);
        var shard = ShardOf(id);
        lock (shard.Gate)
        {
            return shard.Facts.TryGetValue(id, out var fact) ? (fact.Threshold == uint.MaxValue ? long.MaxValue : fact.Threshold) : null;
        }
    }

    /// <summary>Drops the facts whose tokens have all expired by <paramref name="now"/>.</summary>
    public int Sweep(DateTimeOffset now)
    {
        var cutoff = now.ToUnixTimeSeconds();
        var dropped = 0;
        foreach (var shard in shards)
        {
            lock (shard.Gate)
            {
                foreach (var (id, fact) in shard.Facts)
                {
                    if (fact.KeepUntil < cutoff)
                    {
                        shard.Facts.Remove(id);
                        dropped++;
                    }
                }
            }
        }

        return dropped;
    }

    private static Id Parse(string key)
    {
        Span<byte> bytes = stackalloc byte[16];
        Convert.FromHexString(key, bytes, out _, out _);
        return new Id(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    // Rounded up: a fact is never dropped before the token it covers expires.
    private static uint Seconds(DateTimeOffset at) => (uint)Math.Clamp((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond, 0, uint.MaxValue);

    private Shard ShardOf(Id id) => shards[(int)(id.Low % ShardCount)];

    /// <summary>A 128-bit id as two 64-bit halves (8-byte aligned, unlike <see cref="UInt128"/>, so an entry packs tight).</summary>
    private readonly record struct Id(ulong High, ulong Low);

    /// <summary>The threshold (<see cref="uint.MaxValue"/>: all) and the Unix second after which the fact can go.</summary>
    private readonly record struct Fact(uint Threshold, uint KeepUntil);

    private sealed class Shard
    {
        public Lock Gate { get; } = new();

        public Dictionary<Id, Fact> Facts { get; } = [];

        public int Count
        {
            get
            {
                lock (Gate)
                {
                    return Facts.Count;
                }
            }
        }
    }
}
