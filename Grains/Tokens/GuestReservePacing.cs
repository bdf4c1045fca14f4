namespace OroOrleans.Grains.Tokens;

/// <summary>
/// When <see cref="GuestTokenReserve"/> works, as pure functions of what it measured in a tick: how long it may sign
/// (<see cref="SliceFor"/>) and when it moves what it signed to the GC's old generation (<see cref="ShouldSettle"/>).
/// </summary>
internal static class GuestReservePacing
{
    /// <summary>The refill's time on every core in a tick of 100 ms when the rest of the process is idle.</summary>
    private static readonly TimeSpan SliceBudget = TimeSpan.FromMilliseconds(80);

    /// <summary>
    /// The refill's time on every core in a tick: the whole slice (80 ms) while the rest of the process is idle,
    /// less in proportion as it gets busier, none from <paramref name="idleBelow"/> on. A burst that does not stop the
    /// refill keeps the CPU it needs: at full slices the refill filled both cores while a burst at 5 R used ~40 % of
    /// them, and the burst's p99 rose to 179 ms (<c>bench/guest-burst.sh</c>, docs/performance.md).
    /// </summary>
    internal static TimeSpan SliceFor(double busy, double idleBelow) =>
        busy >= idleBelow ? TimeSpan.Zero : SliceBudget * (1 - Math.Max(0, busy) / idleBelow);

    /// <summary>
    /// Tokens minted since the last settle below which none is forced (about 20 MB of RS256 tokens): a trickle of
    /// logins that takes a few tokens, and the refill that replaces them, never forces a collection.
    /// </summary>
    internal const long SettleAtLeast = 10_000;

    /// <summary>
    /// Whether to promote the tokens minted since the last settle to the GC's oldest generation now (the reserve's
    /// settle): only while the rest of the process is <paramref name="quiet"/> (below a quarter of <c>IdleBelow</c>:
    /// a settle stops it for tens of milliseconds), only for at least <see cref="SettleAtLeast"/> tokens, and then
    /// when a tick found the pools full (it minted nothing), or once a tenth of the <paramref name="capacity"/> (every
    /// pool's size) has been minted: during a long fill, or in a full reserve that keeps re-minting what ages out.
    /// </summary>
    internal static bool ShouldSettle(int mintedThisTick, long unsettled, long capacity, bool quiet) =>
        quiet && unsettled >= SettleAtLeast && (mintedThisTick == 0 || unsettled >= capacity / 10);
}
