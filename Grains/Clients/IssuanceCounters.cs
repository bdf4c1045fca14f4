using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// This silo's issuance counts since the last flush (§5): counting a token is an interlocked add in memory, so
/// a storefront's one client id never becomes a hot grain. <see cref="IssuanceCounterFlusher"/> moves the counts
/// to the client grains in batches; a crash loses at most one flush interval of counts, never a token.
/// </summary>
/// <remarks>
/// A client's tally stays once made and a drain takes its counts by exchanging each with zero, so a count that
/// races a drain lands in this drain or the next one. (Swapping in a new dictionary lost such counts: a thread
/// that had fetched the old tally added to it after the drain had read it.) The tallies are bounded by the
/// registered clients that issued a token since the silo started: only those are counted.
/// </remarks>
public sealed class IssuanceCounters
{
    /// <summary>Grant name counted for guest logins (a <c>password</c> grant on the wire).</summary>
    public const string Guest = "guest";

    private readonly ConcurrentDictionary<string, ClientTally> tallies = new(StringComparer.Ordinal);

    /// <summary>Counts one token issued to <paramref name="clientId"/> by <paramref name="grant"/>.</summary>
    public void Count(string clientId, string grant, DateTimeOffset now) => Tally(clientId).Add(grant, now);

    /// <summary>Takes every count gathered so far, leaving the counters at zero.</summary>
    public IReadOnlyDictionary<string, ClientUsage> Drain()
    {
        var usage = new Dictionary<string, ClientUsage>(StringComparer.Ordinal);
        foreach (var (clientId, tally) in tallies)
        {
            if (tally.Take() is { } taken)
            {
                usage[clientId] = taken;
            }
        }

        return usage;
    }

    /// <summary>Puts a batch back after a failed flush, so the next flush carries it.</summary>
    public void Restore(string clientId, ClientUsage usage)
    {
        var tally = Tally(clientId);
        foreach (var (grant, count) in usage.IssuedByGrant)
        {
            tally.Add(grant, usage.LastUsedAt, count);
        }
    }

    private ClientTally Tally(string clientId) => tallies.GetOrAdd(clientId, static _ => new ClientTally());

    private sealed class ClientTally
    {
        private readonly ConcurrentDictionary<string, StrongBox<long>> counts = new(StringComparer.Ordinal);
        private long lastUsedTicks;

        /// <remarks>
        /// The time goes up before the count, and <see cref="Take"/> reads it after the counts: a take that sees a
        /// count sees its time (both are interlocked, so neither moves past the other).
        /// </remarks>
        public void Add(string grant, DateTimeOffset at, long count = 1)
        {
            var ticks = at.UtcTicks;
            long seen;
            while ((seen = Interlocked.Read(ref lastUsedTicks)) < ticks && Interlocked.CompareExchange(ref lastUsedTicks, ticks, seen) != seen)
            {
            }

            Interlocked.Add(ref counts.GetOrAdd(grant, static _ => new StrongBox<long>()).Value, count);
        }

        /// <summary>The counts since the last take, each left at zero; null when there were none.</summary>
        public ClientUsage? Take()
        {
            Dictionary<string, long>? taken = null;
            foreach (var (grant, box) in counts)
            {
                if (Interlocked.Exchange(ref box.Value, 0) is var count and not 0)
                {
                    (taken ??= new Dictionary<string, long>(StringComparer.Ordinal))[grant] = count;
                }
            }

            return taken is null ? null : new ClientUsage(taken, new DateTimeOffset(Interlocked.Read(ref lastUsedTicks), TimeSpan.Zero));
        }
    }
}
