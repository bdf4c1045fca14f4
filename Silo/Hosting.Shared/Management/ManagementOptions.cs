using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Management;

/// <summary>
/// The management listener (§8): health, <c>/metrics</c> and the Orleans Dashboard on a port apart from the public
/// one. Section <c>Management</c>.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// Where the management listener binds, one URL or several separated by <c>;</c> (each with an explicit port).
    /// Defaults by role: a silo <c>http://127.0.0.1:9464</c>, a client-mode front end <c>http://127.0.0.1:9465</c>;
    /// a standalone front end has none (its <c>/metrics</c> stays on the public port) unless this is set.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>
    /// Serve the Orleans Dashboard at <c>/dashboard/</c> on the management listener of a silo or a standalone front
    /// end (client-mode front ends are built without Orleans' runtime, which the dashboard needs). Default true.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>The user name the dashboard asks for when <see cref="DashboardPassword"/> is set. Default <c>admin</c>.</summary>
    [Required, MinLength(1)]
    public string DashboardUsername { get; set; } = "admin";

    /// <summary>
    /// When set, the dashboard asks every caller for HTTP Basic credentials (<see cref="DashboardUsername"/> and this);
    /// when unset (default), it answers only callers on the loopback interface (an SSH tunnel or a local browser).
    /// </summary>
    [MinLength(12, ErrorMessage = "must be at least 12 characters")]
    public string? DashboardPassword { get; set; }
}

[OptionsValidator]
public sealed partial class ManagementOptionsValidator : IValidateOptions<ManagementOptions>;
