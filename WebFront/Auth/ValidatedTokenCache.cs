using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// Access tokens this front end has already validated, so that a client calling the APIs many times with one
/// token pays for one signature check, not one per request. Keyed by the token's SHA-256 (collision-resistant,
/// so a hit means "this exact token"). Only what a signature check proves is cached: the caller still checks
/// expiry on every hit, and the revocation view is consulted on every request after this.
/// <para>
/// Bounded, and free of garbage: every entry lives in a slot of arrays allocated once, with the token's own
/// strings (subject, user id, token id, family id) as UTF-8 bytes inside the slot, and an entry is replaced by
/// writing over its slot. A flood of one-time tokens therefore creates no objects that outlive a request. The
/// general-purpose caches tried first (BitFaster's <c>ConcurrentLru</c>) allocate a node and the claims per entry;
/// evicted a few seconds later, those die in the oldest generation, and the server GC grew the process by
/// ~100 MB under a flood where this cache grows it by the slots alone (docs/performance.md, row 4).
/// </para>
/// <para>
/// The slots are split into <see cref="StripeCount"/> stripes by the key, each behind its own lock and in
/// least-recently-used order, so the tokens in use stay while one-time tokens cycle through; a full stripe drops
/// its least recently used entry, one at a time; nothing is ever cleared wholesale and no add counts the cache.
/// A hit builds a new <see cref="AccessToken"/> from the slot (a few short-lived strings).
/// </para>
/// </summary>
public sealed class ValidatedTokenCache
{
    /// <summary>
    /// Entries held at the most. About 17 MB of slots (ValidatedTokenCacheMemoryTests). A token that fell out costs
    /// one signature check on its next use.
    /// </summary>
    public const int Capacity = 50_000;

    /// <summary>
    /// UTF-8 bytes a token's own strings (subject, user id, token id, family id) may take together to be cached: a
    /// guest token takes 104, a customer's with a 100-character email about 170. A token with longer ones is
    /// still accepted, and checked on each use.
    /// </summary>
    public const int MaxTextBytes = 192;

    private const int StripeCount = 64;

    private readonly Stripe[] stripes = new Stripe[StripeCount];

    public ValidatedTokenCache()
    {
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Stripe(Capacity / StripeCount);
        }
    }

    public bool TryGet(string token, out AccessToken accessToken)
    {
        var key = Key.Of(token);
        return StripeOf(key).TryGet(key, out accessToken);
    }

    /// <summary>Caches <paramref name="accessToken"/> for <paramref name="token"/>, unless its strings are too long to.</summary>
    public void Add(string token, AccessToken accessToken)
    {
        if (!Slot.Fits(accessToken))
        {
            return;
        }

        var key = Key.Of(token);
        StripeOf(key).Set(key, accessToken);
    }

    public void Remove(string token)
    {
        var key = Key.Of(token);
        StripeOf(key).Remove(key);
    }

    /// <summary>Entries held now (a sum over the stripes; for tests and diagnostics, not the hot path).</summary>
    public int Count => stripes.Sum(stripe => stripe.Count);

    private Stripe StripeOf(in Key key) => stripes[(int)(key.High >> 64) & (StripeCount - 1)];

    /// <summary>The token's SHA-256 as two 128-bit halves; its bits are uniform, so any of them make a hash code.</summary>
    private readonly record struct Key(UInt128 Low, UInt128 High)
    {
        public static Key Of(string token)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var length = Encoding.UTF8.GetByteCount(token);
            var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
            Encoding.UTF8.GetBytes(token, bytes);
            SHA256.HashData(bytes, hash);
            return new Key(BitConverter.ToUInt128(hash), BitConverter.ToUInt128(hash[16..]));
        }

        public bool Equals(Key other) => Low == other.Low && High == other.High;

        public override int GetHashCode() => (int)Low;
    }

    /// <summary>
    /// A share of the slots behind one lock, in least-recently-used order: a doubly linked list threaded through
    /// the slots by index (no nodes), the most recently used first.
    /// </summary>
    private sealed class Stripe(int capacity)
    {
        private const int None = -1;

        private readonly Lock gate = new();

        // Sized once: a Dictionary of value types reuses its freed entries and never allocates below its capacity.
        private readonly Dictionary<Key, int> index = new(capacity);
        private readonly Slot[] slots = new Slot[capacity];
        private int filled;
        private int head = None;
        private int tail = None;

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return index.Count;
                }
            }
        }

        public bool TryGet(in Key key, out AccessToken accessToken)
        {
            lock (gate)
            {
                if (!index.TryGetValue(key, out var at))
                {
                    accessToken = null!;
                    return false;
                }

                MoveFirst(at);
                accessToken = slots[at].Read();
                return true;
            }
        }

        public void Set(in Key key, AccessToken accessToken)
        {
            lock (gate)
            {
                if (!index.TryGetValue(key, out var at))
                {
                    at = Claim();
                    index.Add(key, at);
                }

                slots[at].Write(key, accessToken);
                MoveFirst(at);
            }
        }

        public void Remove(in Key key)
        {
            lock (gate)
            {
                if (index.Remove(key, out var at))
                {
                    // Emptied and put last, so that the next claim takes it.
                    slots[at].Clear();
                    Unlink(at);
                    LinkAfter(tail, at);
                }
            }
        }

        /// <summary>A slot never used while there are any, else the least recently used one (emptied ones are last).</summary>
        private int Claim()
        {
            if (filled < slots.Length)
            {
                var fresh = filled++;
                LinkAfter(None, fresh);
                return fresh;
            }

            var at = tail;
            if (slots[at].InUse)
            {
                index.Remove(slots[at].Key);
            }

            return at;
        }

        private void MoveFirst(int at)
        {
            if (at != head)
            {
                Unlink(at);
                LinkAfter(None, at);
            }
        }

        private void Unlink(int at)
        {
            var (previous, next) = (slots[at].Previous, slots[at].Next);
            if (previous == None)
            {
                head = next;
            }
            else
            {
                slots[previous].Next = next;
            }

            if (next == None)
            {
                tail = previous;
            }
            else
            {
                slots[next].Previous = previous;
            }
        }

        /// <summary>Links <paramref name="at"/> after <paramref name="previous"/>, or first when that is <see cref="None"/>.</summary>
        private void LinkAfter(int previous, int at)
        {
            var next = previous == None ? head : slots[previous].Next;
            slots[at].Previous = previous;
            slots[at].Next = next;
            if (previous == None)
            {
                head = at;
            }
            else
            {
                slots[previous].Next = at;
            }

            if (next == None)
            {
                tail = at;
            }
            else
            {
                slots[next].Previous = at;
            }
        }
    }

    /// <summary>One cached token's claims, without an object of its own.</summary>
    private struct Slot
    {
        public Key Key;
        public bool InUse;

        // The neighbours in the stripe's recency list.
        public int Previous;
        public int Next;
        private ApplicationKind application;
        private bool hasUserEpoch;
        private bool hasGeneration;

        // Shared across tokens (the validator reads them through a string pool); a slot only points at them.
        private string clientId;
        private string scope;
        private string? keyId;
        private long clientVersion;
        private long userEpoch;
        private long generation;
        private long issuedAtUtcTicks;
        private long expiresAtUtcTicks;

        // The token's own strings, back to back in text; -1 is null.
        private short subjectLength;
        private short userIdLength;
        private short tokenIdLength;
        private short familyIdLength;
        private Text text;

        public static bool Fits(AccessToken token) =>
            Utf8Length(token.Subject) + Utf8Length(token.UserId) + Utf8Length(token.TokenId) + Utf8Length(token.FamilyId) <= MaxTextBytes;

        public void Write(in Key key, AccessToken token)
        {
            Key = key;
            InUse = true;
            application = token.Application;
            clientId = token.ClientId;
            scope = token.Scope;
            keyId = token.KeyId;
            clientVersion = token.ClientVersion;
            hasUserEpoch = token.UserEpoch.HasValue;
            userEpoch = token.UserEpoch.GetValueOrDefault();
            hasGeneration = token.Generation.HasValue;
            generation = token.Generation.GetValueOrDefault();
            issuedAtUtcTicks = token.IssuedAt.UtcTicks;
            expiresAtUtcTicks = token.ExpiresAt.UtcTicks;
            Span<byte> bytes = text;
            subjectLength = Put(token.Subject, ref bytes);
            userIdLength = Put(token.UserId, ref bytes);
            tokenIdLength = Put(token.TokenId, ref bytes);
            familyIdLength = Put(token.FamilyId, ref bytes);
        }

        /// <summary>Empties the slot, dropping what it pointed at; its place in the recency list stays.</summary>
        public void Clear()
        {
            var (previous, next) = (Previous, Next);
            this = default;
            (Previous, Next) = (previous, next);
        }

        public readonly AccessToken Read()
        {
            ReadOnlySpan<byte> bytes = text;
            var subject = Take(subjectLength, ref bytes)!;
            var userId = Take(userIdLength, ref bytes);
            var tokenId = Take(tokenIdLength, ref bytes)!;
            var familyId = Take(familyIdLength, ref bytes);
            return new AccessToken(
                subject,
                clientId,
                application,
                userId,
                hasUserEpoch ? userEpoch : null,
                clientVersion,
                familyId,
                hasGeneration ? generation : null,
                tokenId,
                scope,
                new DateTimeOffset(issuedAtUtcTicks, TimeSpan.Zero),
                new DateTimeOffset(expiresAtUtcTicks, TimeSpan.Zero),
                keyId);
        }

        private static int Utf8Length(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);

        private static short Put(string? value, ref Span<byte> bytes)
        {
            if (value is null)
            {
                return -1;
            }

            var written = Encoding.UTF8.GetBytes(value, bytes);
            bytes = bytes[written..];
            return (short)written;
        }

        private static string? Take(short length, ref ReadOnlySpan<byte> bytes)
        {
            if (length < 0)
            {
                return null;
            }

            var value = Encoding.UTF8.GetString(bytes[..length]);
            bytes = bytes[length..];
            return value;
        }
    }

    [InlineArray(MaxTextBytes)]
    private struct Text
    {
        private byte first;
    }
}
