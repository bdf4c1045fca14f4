using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>How a process joins the cluster (§9). Section <c>Orleans</c>.</summary>
public sealed class OrleansOptions
{
    public const string Section = "Orleans";

    /// <summary>
    /// <c>Standalone</c> (default): the front end co-hosts a silo on embedded storage. <c>Client</c>: the front end
    /// is an Orleans client of the gateways in <see cref="Gateways"/>.
    /// </summary>
    [Required, AllowedValues("Standalone", "Client", ErrorMessage = "must be Standalone or Client")]
    public string Mode { get; set; } = "Standalone";

    /// <summary>Gateway endpoints (<c>host:port</c>) a client-mode front end connects to.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>Orleans service id; stored state is keyed by it, so keep it stable. Default <c>oroorleans</c>.</summary>
    [Required, MinLength(1)]
    public string ServiceId { get; set; } = "oroorleans";

    /// <summary>Orleans cluster id. Default <c>oroorleans</c>.</summary>
    [Required, MinLength(1)]
    public string ClusterId { get; set; } = "oroorleans";

    /// <summary>
    /// How long a front end waits for a grain call. Short (default 5 s), so that a dead silo costs seconds,
    /// not Orleans' 30 s default (§9.2).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the silo program's operator commands (<c>clients</c>, <c>import</c>) try to reach a gateway of the
    /// cluster before giving up with exit code 1: default 30 s (1 s – 1 h), retrying every second meanwhile. Silos and
    /// front ends do not read it. Orleans' own client gave up only after 15 growing waits, 3 minutes in silence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
public sealed partial class OrleansOptionsValidator : IValidateOptions<OrleansOptions>;
