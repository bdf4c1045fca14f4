using System.Globalization;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>A WebFront process of its own with <c>Lockout:MaxFailedAttempts = 3</c>: its tests lock accounts.</summary>
public sealed class LockoutServerFixture : WebFrontFixture
{
    public const int MaxFailedAttempts = 3;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Lockout__MaxFailedAttempts"] = MaxFailedAttempts.ToString(CultureInfo.InvariantCulture),
    };
}
