using System.Net;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Abuse;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>The limiter itself, without a server: a stop must not end in an exception (§8, exit 0).</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class TokenRateLimitsTests
{
    [Fact]
    public void Dispose_AfterALimiterCouldNotBeBuilt_DoesNotThrow()
    {
        // A budget the validator refuses at start, set here without it: the only way a limiter fails to build.
        var options = new RateLimitOptions { Clients = { ["shop"] = new ClientRateLimitOptions { GuestPerIpPerMinute = 0 } } };
        var limits = new TokenRateLimits(Options.Create(options));
        Assert.Null(limits.Spend(RateLimitBudget.Guest, null, IPAddress.Loopback));
        Assert.Throws<ArgumentException>(() => limits.Spend(RateLimitBudget.Guest, "shop", IPAddress.Loopback));

        Assert.Null(Record.Exception(limits.Dispose));
    }
}
