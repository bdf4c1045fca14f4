using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Hosting;

/// <summary>Browser access to the token endpoint and the storefront API (§2.8). Section <c>Cors</c>.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>
    /// Origins allowed to call, each <c>scheme://host[:port]</c> as a browser sends it, e.g.
    /// <c>https://shop.example.com</c>; <c>*</c> allows any. Default: none.
    /// </summary>
    [OriginList]
    public List<string> AllowOrigins { get; set; } = [];

    /// <summary>The request headers a browser may send when <c>Cors:AllowHeaders</c> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowHeaders = ["Content-Type", "Authorization"];

    /// <summary>
    /// Request headers a browser may send. Default (the key absent): <see cref="DefaultAllowHeaders"/>. A configured
    /// list replaces the default (<see cref="ListSetting"/>); an empty value allows only the CORS-safelisted ones.
    /// </summary>
    public List<string> AllowHeaders { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer. Default 600 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromSeconds(600);
}

[OptionsValidator]
public sealed partial class CorsSettingsValidator : IValidateOptions<CorsSettings>;
