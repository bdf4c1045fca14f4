using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>Where a cluster silo listens and what it advertises (§9.2). Section <c>Silo</c>.</summary>
public sealed class SiloEndpointOptions
{
    public const string Section = "Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Gateway port front ends connect to. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and front ends reach this silo at. Default 127.0.0.1 (one machine).</summary>
    [Required, MinLength(1)]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}

[OptionsValidator]
public sealed partial class SiloEndpointOptionsValidator : IValidateOptions<SiloEndpointOptions>;
