using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Abuse;

/// <summary>Per-client-IP limits on the token endpoint (§2.7). Section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Whether the limits apply. Default true; switch off behind a gateway that limits already (or for benchmarks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Guest logins (<c>guest</c>/<c>guest</c>) per client IP per minute. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int GuestPerIpPerMinute { get; set; } = 600;

    /// <summary>
    /// Other password-grant attempts per client IP per minute, right or wrong. Default 60: far above what people
    /// type, far below what a password-guessing script wants; per-account lockout (§5) covers slow guessing.
    /// </summary>
    [Range(1, 10_000_000)]
    public int PasswordPerIpPerMinute { get; set; } = 60;
}

[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
