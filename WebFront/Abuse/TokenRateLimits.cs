using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Token;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Abuse;

/// <summary>
/// The abuse limits of §2.7: fixed one-minute windows from <c>System.Threading.RateLimiting</c> (the limiters behind
/// ASP.NET Core's rate-limiting middleware), one per budget and client address (an IPv6 address per /64), or per
/// client for client credentials. The middleware itself cannot be used here: it picks the partition before the
/// endpoint runs, and which budget a request spends is only known once the body has been read and, for a failed
/// client authentication, once the client has been checked. So an endpoint first <see cref="Admit"/>s the request
/// (nothing spent), then <see cref="Spend"/>s the one budget the outcome names: a request that fails client
/// authentication spends only that budget, so made-up client ids never block an address's logins.
/// </summary>
/// <remarks>
/// An admission counts the request as in flight against its budget until it has spent: a budget admits no more
/// requests at once than it has permits left. (Asking the limiter alone let any number of requests sent at once
/// through, since none had spent yet: 100 parallel password attempts on a budget of 60 were all answered.)
/// </remarks>
public sealed class TokenRateLimits : IDisposable
{

    private readonly RateLimitOptions options;
    private readonly PartitionedRateLimiter<Partition>? limiter;
    private readonly ConcurrentDictionary<Partition, int> inFlight = new();

    /// <summary>
    /// Failed authentications per (client, address) in the minute since the first. A maintained cache with a size
    /// limit, not a limiter per pair: made-up client ids create one entry each, and beyond
    /// <see cref="ClientFailureEntries"/> a failure goes uncounted (the per-client refusal fails open; the address's
    /// budget still holds). Looking an entry up creates none.
    /// </summary>
    private readonly MemoryCache clientFailures = new(new MemoryCacheOptions { SizeLimit = ClientFailureEntries });

    /// <summary>The most (client, address) failure counts held at once (a few hundred bytes each).</summary>
    public const int ClientFailureEntries = 100_000;

    public TokenRateLimits(IOptions<RateLimitOptions> options)
    {
        this.options = options.Value;
        if (this.options.Enabled)
        {
            limiter = PartitionedRateLimiter.Create<Partition, Partition>(p => RateLimitPartition.GetFixedWindowLimiter(p, key => new FixedWindowRateLimiterOptions
            {
                PermitLimit = this.options.PermitsOf(key.Budget, key.ClientId),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        }
    }

    /// <summary>
    /// Admits a request that would spend <paramref name="budget"/>: null, with <paramref name="admission"/> to dispose
    /// once the request has spent, when the budget has a permit left beside the requests already in flight, and the
    /// client has failed authentication from this address fewer than a budget's worth of times in this minute,
    /// counting its requests in flight as failures to come; else how long the client should wait (nothing spent).
    /// Such a client is refused before its secret is checked: a guess with the right secret is refused like the
    /// wrong ones, or the budget would let guessing go on at full speed with 429 meaning "wrong". Only the client
    /// guessed at is refused, so made-up client ids block no other client.
    /// </summary>
    public TimeSpan? Admit(RateLimitBudget budget, string? clientId, IPAddress? address, out Admission admission)
    {
        admission = Admission.None;
        if (limiter is null)
        {
            return null;
        }

        // A client that has failed from this address in this minute may have only as many requests in flight as it
        // has failures left: requests sent at once cannot guess past the count.
        Partition? failing = null;
        if (clientId is not null && clientFailures.TryGetValue(ClientFailures(clientId, address), out StrongBox<int>? failed))
        {
            var pair = ClientFailures(clientId, address);
            var pending = inFlight.AddOrUpdate(pair, 1, static (_, n) => n + 1);
            if (Volatile.Read(ref failed!.Value) + pending > options.FailedClientAuthenticationPerIpPerMinute)
            {
                Leave(pair);
                return TimeSpan.FromMinutes(1);
            }

            failing = pair;
        }

        var partition = PartitionOf(budget, clientId, address);
        var ahead = inFlight.AddOrUpdate(partition, 1, static (_, n) => n + 1);
        if (limiter.GetStatistics(partition) is { } statistics && statistics.CurrentAvailablePermits < ahead)
        {
            Leave(partition);
            if (failing is { } pair)
            {
                Leave(pair);
            }

            return TimeSpan.FromMinutes(1);
        }

        admission = new Admission(this, partition, failing);
        return null;
    }

    /// <summary>Spends one permit; null when there was one, else how long the client should wait.</summary>
    public TimeSpan? Spend(RateLimitBudget budget, string? clientId, IPAddress? address)
    {
        if (limiter is null)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire(PartitionOf(budget, clientId, address));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// Spends what a failed client authentication spends: the address's failed-authentication budget, and the
    /// named client's failures from the address (<see cref="Admit"/>). Null, or how long the client should wait.
    /// </summary>
    public TimeSpan? SpendFailedAuthentication(string clientId, IPAddress? address)
    {
        if (limiter is null)
        {
            return null;
        }

        var failures = clientFailures.GetOrCreate(ClientFailures(clientId, address), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            entry.Size = 1;
            return new StrongBox<int>();
        });
        Interlocked.Increment(ref failures!.Value);
        return Spend(RateLimitBudget.FailedClientAuthentication, null, address);
    }

    public void Dispose()
    {
        clientFailures.Dispose();
        try
        {
            limiter?.Dispose();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is ArgumentException))
        {
            // A partition whose limiter could not be built (its options were refused) keeps that exception and throws
            // it again when disposed; it holds nothing to release, and every other partition has been disposed by
            // then. Validation at start refuses such budgets; without this, a stop would end in an unhandled exception.
        }
    }

    private static Partition ClientFailures(string clientId, IPAddress? address) =>
        new(RateLimitBudget.FailedClientAuthentication, clientId, AddressKey(address));

    private void Leave(Partition partition)
    {
        // Counts leave the map at zero, so it holds only the partitions with requests in flight.
        while (true)
        {
            var count = inFlight[partition];
            if (count == 1 ? inFlight.TryRemove(KeyValuePair.Create(partition, 1)) : inFlight.TryUpdate(partition, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>A request counted in flight against its budget until disposed (once the outcome has spent).</summary>
    public sealed class Admission : IDisposable
    {
        public static readonly Admission None = new(null, default, null);

        private readonly TokenRateLimits? limits;
        private readonly Partition partition;
        private readonly Partition? failing;
        private int left;

        internal Admission(TokenRateLimits? limits, Partition partition, Partition? failing)
        {
            this.limits = limits;
            this.partition = partition;
            this.failing = failing;
        }

        public void Dispose()
        {
            if (limits is not null && Interlocked.Exchange(ref left, 1) == 0)
            {
                limits.Leave(partition);
                if (failing is { } pair)
                {
                    limits.Leave(pair);
                }
            }
        }
    }

    private Partition PartitionOf(RateLimitBudget budget, string? clientId, IPAddress? address) => budget switch
    {
        RateLimitBudget.ClientCredentials => new Partition(budget, clientId, null),
        // A client's own budget only where it has an override; otherwise every client shares the address's.
        RateLimitBudget.FailedClientAuthentication => new Partition(budget, null, AddressKey(address)),
        _ => new Partition(budget, clientId is not null && options.Clients.ContainsKey(clientId) ? clientId : null, AddressKey(address)),
    };

    /// <summary>
    /// The key of a client address: an IPv4 client seen through a dual-stack socket is the same client as over
    /// IPv4; an IPv6 client is its /64, the smallest block a subscriber is usually given (so one host cannot
    /// rotate through its 2^64 addresses for fresh budgets).
    /// </summary>
    public static IPAddress AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    internal readonly record struct Partition(RateLimitBudget Budget, string? ClientId, IPAddress? Address);
}
