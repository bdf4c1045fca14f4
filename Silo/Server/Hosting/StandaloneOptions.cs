using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>The co-hosted silo of standalone mode (§9.1). Section <c>Standalone</c>.</summary>
public sealed class StandaloneOptions
{
    public const string Section = "Standalone";

    /// <summary>Where the embedded database lives. Default <c>./data</c>, relative to the working directory.</summary>
    [Required, MinLength(1)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Silo-to-silo port on loopback; 0 (default) picks a free one.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>Client gateway port on loopback (for extra front ends in client mode); 0 (default) picks a free one.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }
}

[OptionsValidator]
public sealed partial class StandaloneOptionsValidator : IValidateOptions<StandaloneOptions>;
