using System.Globalization;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// The guest-token reserve (§2.2, off by default): a silo signs guest access tokens ahead in idle time and serves
/// them to bursts of guest logins. Section <c>Guest:Reserve</c>.
/// </summary>
public sealed class GuestReserveOptions
{
    public const string Section = "Guest:Reserve";

    /// <summary>Off by default: every guest login then signs its own access token.</summary>
    public bool Enabled { get; set; }

    /// <summary>Access tokens kept ready per storefront client (default 2,000; 1 to 1,000,000).</summary>
    public int Size { get; set; } = 2000;

    /// <summary>
    /// The oldest a reserved token may be when served (default 5 minutes): older ones are dropped and signed
    /// anew. At least 1 s and less than <c>Tokens:AccessTokenLifetime</c>, checked only when <see cref="Enabled"/>.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Refill only while this silo's process uses less than this share of the machine's cores (default 0.5,
    /// from 0.05 to 1): requests keep the CPU when they need it.
    /// </summary>
    public double IdleBelow { get; set; } = 0.5;
}

/// <summary>Checks <see cref="GuestReserveOptions"/> against each other and the access-token lifetime; each failure names its key.</summary>
public sealed class GuestReserveOptionsValidator(IOptions<TokenOptions> tokens) : IValidateOptions<GuestReserveOptions>
{
    public ValidateOptionsResult Validate(string? name, GuestReserveOptions options)
    {
        var failures = new List<string>();
        if (options.Size is < 1 or > 1_000_000)
        {
            failures.Add($"{GuestReserveOptions.Section}:{nameof(options.Size)}: must be from 1 to 1000000.");
        }

        // MaxAge concerns reserved tokens only: with the reserve off (the default) a short Tokens:AccessTokenLifetime,
        // down to its 10 s minimum, must not stop the start.
        var lifetime = tokens.Value.AccessTokenLifetime;
        if (options.Enabled && (options.MaxAge < TimeSpan.FromSeconds(1) || options.MaxAge >= lifetime))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{GuestReserveOptions.Section}:{nameof(options.MaxAge)}: must be at least 1 second and shorter than Tokens:AccessTokenLifetime ({lifetime}) while {GuestReserveOptions.Section}:{nameof(options.Enabled)} is true."));
        }

        if (options.IdleBelow is < 0.05 or > 1 || double.IsNaN(options.IdleBelow))
        {
            failures.Add($"{GuestReserveOptions.Section}:{nameof(options.IdleBelow)}: must be from 0.05 to 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
