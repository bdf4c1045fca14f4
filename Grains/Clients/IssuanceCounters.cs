using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// This silo's issuance counts since the last flush (§5): counting a token is an interlocked add in memory, so
/// a storefront's one client id never becomes a hot grain. <see cref="IssuanceCounterFlusher"/> moves the counts
/// to the client grains in batches; a crash loses at most one flush interval of counts, never a token.
/// </summary>
public sealed class IssuanceCounters
{
    /// <summary>Grant name counted for guest logins (a <c>password</c> grant on the wire).</summary>
    public const string Guest = "guest";

    private ConcurrentDictionary<string, ClientTally> tallies = new(StringComparer.Ordinal);

    /// <summary>Counts one token issued to <paramref name="clientId"/> by <paramref name="grant"/>.</summary>
    public void Count(string clientId, string grant, DateTimeOffset now)
    {
        var tally = tallies.GetOrAdd(clientId, static _ => new ClientTally());
        tally.Add(grant, now);
    }

    /// <summary>Takes every count gathered so far, leaving the counters empty.</summary>
    public IReadOnlyDictionary<string, ClientUsage> Drain()
    {
        var taken = Interlocked.Exchange(ref tallies, new ConcurrentDictionary<string, ClientTally>(StringComparer.Ordinal));
        var usage = new Dictionary<string, ClientUsage>(StringComparer.Ordinal);
        foreach (var (clientId, tally) in taken)
        {
            usage[clientId] = tally.ToUsage();
        }

        return usage;
    }

    /// <summary>Puts a batch back after a failed flush, so the next flush carries it.</summary>
    public void Restore(string clientId, ClientUsage usage)
    {
        var tally = tallies.GetOrAdd(clientId, static _ => new ClientTally());
        foreach (var (grant, count) in usage.IssuedByGrant)
        {
            tally.Add(grant, usage.LastUsedAt, count);
        }
    }

    private sealed class ClientTally
    {
        private readonly ConcurrentDictionary<string, StrongBox<long>> counts = new(StringComparer.Ordinal);
        private long lastUsedTicks;

        public void Add(string grant, DateTimeOffset at, long count = 1)
        {
            Interlocked.Add(ref counts.GetOrAdd(grant, static _ => new StrongBox<long>()).Value, count);
            var ticks = at.UtcTicks;
            long seen;
            while ((seen = Interlocked.Read(ref lastUsedTicks)) < ticks && Interlocked.CompareExchange(ref lastUsedTicks, ticks, seen) != seen)
            {
            }
        }

        public ClientUsage ToUsage() => new(
            counts.ToDictionary(c => c.Key, c => Interlocked.Read(ref c.Value.Value), StringComparer.Ordinal),
            new DateTimeOffset(Interlocked.Read(ref lastUsedTicks), TimeSpan.Zero));
    }
}
