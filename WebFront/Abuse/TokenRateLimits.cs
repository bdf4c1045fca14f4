using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Token;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Abuse;

/// <summary>
/// The abuse limits of §2.7: fixed one-minute windows per client IP, one for guest logins and one for other
/// password attempts, from <c>System.Threading.RateLimiting</c> (the limiters behind ASP.NET Core's rate-limiting
/// middleware). The middleware itself cannot be used here: it picks the partition before the endpoint runs,
/// and whether a request is a guest login is only known once the body has been read (step one of the endpoint).
/// </summary>
public sealed class TokenRateLimits : IDisposable
{

    private readonly PartitionedRateLimiter<IPAddress>? guest;
    private readonly PartitionedRateLimiter<IPAddress>? password;

    public TokenRateLimits(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        if (o.Enabled)
        {
            guest = PerIpPerMinute(o.GuestPerIpPerMinute);
            password = PerIpPerMinute(o.PasswordPerIpPerMinute);
        }
    }

    /// <summary>Null when the request may go on, else how long the client should wait.</summary>
    public TimeSpan? Check(TokenRateLimit limit, IPAddress? client)
    {
        var limiter = limit switch
        {
            TokenRateLimit.Guest => guest,
            TokenRateLimit.Password => password,
            _ => null,
        };
        if (limiter is null)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire(Normalize(client));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        guest?.Dispose();
        password?.Dispose();
    }

    // An IPv4 client seen through a dual-stack socket is the same client as over IPv4.
    private static IPAddress Normalize(IPAddress? address) =>
        address is null ? IPAddress.None : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static PartitionedRateLimiter<IPAddress> PerIpPerMinute(int permits) =>
        PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
