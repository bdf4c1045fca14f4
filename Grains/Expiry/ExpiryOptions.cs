using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Expiry;

/// <summary>The sweep of expired state (§2.7). Section <c>Expiry</c>; read by silos.</summary>
public sealed class ExpiryOptions
{
    public const string Section = "Expiry";

    /// <summary>How often the cluster deletes expired rows (one sweep per interval, whatever the silo count). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so that a sweep never holds a long lock. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// How much older than its expiry a row must be before the sweep deletes it: the database's clock writes a row's
    /// modification time, the silo's clock decides expiry, and a grain must judge its own state expired before the
    /// sweep removes the row under it. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Margin { get; set; } = TimeSpan.FromMinutes(5);
}

[OptionsValidator]
public sealed partial class ExpiryOptionsValidator : IValidateOptions<ExpiryOptions>;
