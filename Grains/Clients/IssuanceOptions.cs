using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Clients;

/// <summary>How silos flush per-client issuance counters (§5). Section <c>Issuance</c>.</summary>
public sealed class IssuanceOptions
{
    public const string Section = "Issuance";

    /// <summary>
    /// How often a silo writes its counts to the client grains; also the most a crash can lose. Default 10 s,
    /// the longest allowed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);
}

[OptionsValidator]
public sealed partial class IssuanceOptionsValidator : IValidateOptions<IssuanceOptions>;
