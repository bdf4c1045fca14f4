using System.Net;
using System.Threading.RateLimiting;
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
/// client authentication, once the client has been checked. So an endpoint first asks <see cref="Exhausted"/>
/// (nothing spent), then <see cref="Spend"/>s the one budget the outcome names: a request that fails client
/// authentication spends only that budget, so made-up client ids never block an address's logins.
/// </summary>
public sealed class TokenRateLimits : IDisposable
{

    private readonly RateLimitOptions options;
    private readonly PartitionedRateLimiter<Partition>? limiter;

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

    /// <summary>Null when the budget has a permit left (none is spent), else how long the client should wait.</summary>
    public TimeSpan? Exhausted(RateLimitBudget budget, string? clientId, IPAddress? address)
    {
        if (limiter is null)
        {
            return null;
        }

        var statistics = limiter.GetStatistics(PartitionOf(budget, clientId, address));
        return statistics is null || statistics.CurrentAvailablePermits > 0 ? null : TimeSpan.FromMinutes(1);
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

    public void Dispose() => limiter?.Dispose();

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

    private readonly record struct Partition(RateLimitBudget Budget, string? ClientId, IPAddress? Address);
}
