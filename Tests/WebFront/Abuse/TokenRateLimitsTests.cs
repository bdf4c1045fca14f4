using System.Net;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Abuse;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>The limiter itself, without a server (§2.7; a stop must not end in an exception, §8).</summary>
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

    [Fact]
    public void AClientsGuessesInFlight_CountAsFailuresToCome()
    {
        // Over HTTP the address's own failure budget (the same number) hides this count: a guess checked past it is
        // answered 429 too, after its secret was checked. Here the admissions themselves are counted.
        using var limits = new TokenRateLimits(Options.Create(new RateLimitOptions { FailedClientAuthenticationPerIpPerMinute = 3 }));
        var address = IPAddress.Parse("198.51.100.7");
        Assert.Null(limits.SpendFailedAuthentication("shop", address));

        var admitted = new List<TokenRateLimits.Admission>();
        for (var i = 0; i < 20; i++)
        {
            if (limits.Admit(RateLimitBudget.ClientCredentials, "shop", address, out var admission) is null)
            {
                admitted.Add(admission);
            }
        }

        // One failure and two guesses in flight make three: no more of the twenty reach the secret check.
        Assert.Equal(2, admitted.Count);
        // The first guess was wrong: its failure is counted as it leaves.
        Assert.Null(limits.SpendFailedAuthentication("shop", address));
        admitted[0].Dispose();
        Assert.NotNull(limits.Admit(RateLimitBudget.ClientCredentials, "shop", address, out _));
        // The other guess was right: it spends nothing of the failures, and one more guess may be checked.
        Assert.Null(limits.Spend(RateLimitBudget.ClientCredentials, "shop", address));
        admitted[1].Dispose();
        Assert.Null(limits.Admit(RateLimitBudget.ClientCredentials, "shop", address, out var last));
        last.Dispose();
        // Another client, or the same one from another address, is not held back.
        Assert.Null(limits.Admit(RateLimitBudget.ClientCredentials, "other", address, out var other));
        other.Dispose();
        Assert.Null(limits.Admit(RateLimitBudget.ClientCredentials, "shop", IPAddress.Parse("198.51.100.8"), out var elsewhere));
        elsewhere.Dispose();
    }
}
