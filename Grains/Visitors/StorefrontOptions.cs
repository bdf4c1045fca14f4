using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Visitors;

/// <summary>Shopping lists (§7.2) and how long anonymous data lives (§2.7). Section <c>Storefront</c>; read by silos.</summary>
public sealed class StorefrontOptions
{
    public const string Section = "Storefront";

    /// <summary>
    /// A visitor's list expires this long after its last change: it then reads as empty and the sweep deletes its row.
    /// Customers' lists never expire. Default 30 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan VisitorListLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The most lines one list (a visitor's or a customer's) holds. Default 100.</summary>
    [Range(1, 10_000)]
    public int MaxListItems { get; set; } = 100;
}

[OptionsValidator]
public sealed partial class StorefrontOptionsValidator : IValidateOptions<StorefrontOptions>;
