using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The reserve's refill gives way to requests in proportion: the whole 80-ms slice on an idle process, less as the
/// rest of the process gets busier, none from <c>Guest:Reserve:IdleBelow</c> on. And what it minted is moved to the
/// GC's old generation while idle: once the pools are full, and every tenth of the size in a reserve that re-mints.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class GuestReserveSliceTests
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
        Assert.Equal(milliseconds, GuestTokenReserve.SliceFor(busy, idleBelow).TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData(0, 0L, 2000L, false)]      // nothing minted since the last time: nothing to move
    [InlineData(0, 150L, 2000L, true)]     // the tick found the pools full after minting: move it now, before a burst
    [InlineData(150, 150L, 2000L, false)]  // still filling
    [InlineData(40, 199L, 2000L, false)]
    [InlineData(40, 200L, 2000L, true)]    // a tenth of the capacity, minted while re-minting what aged out
    [InlineData(40, 200L, 20000L, false)]  // ten pools of 2,000: a tenth of all of them
    [InlineData(3, 3L, 5L, true)]          // a capacity below ten: every token counts as a tenth
    public void Settle_WhenFull_OrEveryTenthOfTheCapacity(int mintedThisTick, long unsettled, long capacity, bool settle)
    {
        Assert.Equal(settle, GuestTokenReserve.ShouldSettle(mintedThisTick, unsettled, capacity));
    }
}
