using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>
/// One stripe of the validated-token cache: least-recently-used order, emptied slots taken before anything is
/// dropped, and every key answering with its own claims through removals at the head, middle, tail and alone.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ValidatedTokenStripeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FullStripe_DropsTheLeastRecentlyUsed()
    {
        var stripe = new ValidatedTokenStripe(4);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            Set(stripe, name);
        }

        // Most recent first: d c b a. Reading a and setting c again leave b, then d, as the least recently used.
        Assert.True(stripe.TryGet(TokenHash.Of("a"), out _));
        Set(stripe, "e");
        Set(stripe, "c");
        Set(stripe, "f");

        AssertGone(stripe, "b", "d");
        AssertHeld(stripe, "a", "c", "e", "f");
    }

    [Fact]
    public void EmptiedSlots_AreTakenBeforeAnyEntryIsDropped()
    {
        var stripe = new ValidatedTokenStripe(4);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            Set(stripe, name);
        }

        // Most recent first: d c b a. Remove the head, a middle one and the tail.
        stripe.Remove(TokenHash.Of("d"));
        stripe.Remove(TokenHash.Of("c"));
        stripe.Remove(TokenHash.Of("a"));
        stripe.Remove(TokenHash.Of("never-added"));
        Assert.Equal(1, stripe.Count);

        Set(stripe, "x");
        Set(stripe, "y");
        Set(stripe, "z");
        AssertHeld(stripe, "b", "x", "y", "z");
        AssertGone(stripe, "a", "c", "d");

        Set(stripe, "w");
        AssertHeld(stripe, "x", "y", "z", "w");
        AssertGone(stripe, "b");
    }

    [Fact]
    public void OnlyEntryRemoved_TheSlotServesTheNext()
    {
        var stripe = new ValidatedTokenStripe(1);
        Set(stripe, "a");
        stripe.Remove(TokenHash.Of("a"));
        AssertGone(stripe, "a");
        Assert.Equal(0, stripe.Count);

        Set(stripe, "b");
        AssertHeld(stripe, "b");
        Set(stripe, "c");
        AssertHeld(stripe, "c");
        AssertGone(stripe, "b");
    }

    private static void Set(ValidatedTokenStripe stripe, string name)
    {
        var claims = new AccessToken("visitor:" + name, "client", ApplicationKind.Storefront, null, null, 1, null, null, name, "", Now, Now.AddHours(1));
        Assert.True(CachedClaims.TryCreate(TokenHash.Of(name), claims, out var cached));
        stripe.Set(cached);
    }

    private static void AssertHeld(ValidatedTokenStripe stripe, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(stripe.TryGet(TokenHash.Of(name), out var claims), $"{name} was dropped");
            Assert.Equal(name, claims.Read().TokenId);
            Assert.Equal("visitor:" + name, claims.Read().Subject);
        }

        Assert.Equal(names.Length, stripe.Count);
    }

    private static void AssertGone(ValidatedTokenStripe stripe, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.False(stripe.TryGet(TokenHash.Of(name), out _), $"{name} is still held");
        }
    }
}
