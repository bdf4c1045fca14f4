using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Token;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>How a front end answers a grain's refusal, a reason of a newer release included.</summary>
public sealed class DenialsTests
{
    [Fact]
    public void EveryKnownReason_HasItsOwnAnswer_OnlyOverloadedAnUnavailability()
    {
        // A reason added without its line in Denials.cs would be a server_error, and this test names it.
        foreach (var reason in Enum.GetValues<DenialReason>())
        {
            var error = Denials.ToError(new TokenDenied(reason, "scope"));
            Assert.True(error != OAuthError.ServerError, $"{reason} has no answer of its own");
            Assert.Equal(reason == DenialReason.Overloaded, error == OAuthError.TemporarilyUnavailable);
            Assert.Equal(reason == DenialReason.Overloaded, Denials.RetryAfter(new TokenDenied(reason)) is not null);
        }
    }

    [Fact]
    public void AReasonOfANewerSilo_IsA503WithRetryAfter_NotA500()
    {
        // Silos are upgraded before front ends: for a while an older front end hears reasons it does not know.
        var unknown = new TokenDenied((DenialReason)(Enum.GetValues<DenialReason>().Max() + 1), null);

        var error = Denials.ToError(unknown);

        Assert.Equal(OAuthError.TemporarilyUnavailable, error);
        Assert.Equal(503, error.Status);
        Assert.Equal(ClusterFaults.RetryAfter, Denials.RetryAfter(unknown));
    }
}
