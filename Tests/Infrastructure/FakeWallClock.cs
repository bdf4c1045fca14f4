using Microsoft.Extensions.Time.Testing;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A silo clock whose wall-clock time is a test's <see cref="FakeTimeProvider"/> while its timers and timestamps stay
/// real. Orleans reads the silo's <see cref="TimeProvider"/> for its own timers (membership, activation collection),
/// so a fully fake clock made each simulated jump of days cost seconds of real time as those timers caught up; our
/// grains read only <see cref="GetUtcNow"/> for lifetimes and lockouts.
/// </summary>
public sealed class FakeWallClock(FakeTimeProvider wall) : TimeProvider
{
    /// <summary>The fake wall clock, for tests to advance.</summary>
    public FakeTimeProvider Wall { get; } = wall;

    public override DateTimeOffset GetUtcNow() => Wall.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => Wall.LocalTimeZone;
}
