using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The reserve's refill gives way to requests in proportion: the whole 80-ms slice on an idle process, less as the
/// rest of the process gets busier, none from <c>Guest:Reserve:IdleBelow</c> on. And what it minted is moved to the
/// GC's old generation while the process is quiet: once the pools are full, and every tenth of their capacity, never
/// for fewer than <see cref="GuestReservePacing.SettleAtLeast"/> tokens.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class GuestReservePacingTests
{
    [Theory]
    [InlineData(0.0, 0.5, 80)]
    [InlineData(-0.02, 0.5, 80)] // the process's CPU clock is coarser than the refill threads' own
    [InlineData(0.1, 0.5, 64)]
    [InlineData(0.25, 0.5, 40)]
    [InlineData(0.4, 0.5, 16)]
    [InlineData(0.5, 0.5, 0)]
    [InlineData(0.7, 0.5, 0)]
    [InlineData(0.5, 1.0, 40)]
    public void Slice_ShrinksWithTheRestOfTheProcessesLoad(double busy, double idleBelow, double milliseconds)
    {
        Assert.Equal(milliseconds, GuestReservePacing.SliceFor(busy, idleBelow).TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData(0, 0L, 330_000L, true, false)]           // nothing minted since the last settle: nothing to move
    [InlineData(0, 150_000L, 330_000L, true, true)]      // the tick found the pools full after a fill: move it now
    [InlineData(0, 150_000L, 330_000L, false, false)]    // ... but not while the rest of the process is busy
    [InlineData(5_000, 20_000L, 330_000L, true, false)]  // still filling, not a tenth yet
    [InlineData(5_000, 33_000L, 330_000L, true, true)]   // a tenth of the capacity, during a fill or re-minting
    [InlineData(5_000, 33_000L, 3_300_000L, true, false)] // ten pools: a tenth of all of them
    [InlineData(0, 9_999L, 2_000L, true, false)]         // a trickle of logins into a small pool never forces one
    [InlineData(0, 10_000L, 2_000L, true, true)]         // until ten thousand tokens have come and gone
    public void Settle_WhenQuiet_AndFullOrATenthOfTheCapacity_NeverForAFew(
        int mintedThisTick, long unsettled, long capacity, bool quiet, bool settle)
    {
        Assert.Equal(settle, GuestReservePacing.ShouldSettle(mintedThisTick, unsettled, capacity, quiet));
    }
}
