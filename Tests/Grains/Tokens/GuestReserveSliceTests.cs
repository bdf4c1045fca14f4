using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The reserve's refill gives way to requests in proportion: the whole 80-ms slice on an idle process, less as the
/// rest of the process gets busier, none from <c>Guest:Reserve:IdleBelow</c> on.
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
}
