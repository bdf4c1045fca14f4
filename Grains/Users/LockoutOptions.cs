using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Users;

/// <summary>Account lockout after consecutive wrong passwords (§5). Section <c>Lockout</c>.</summary>
public sealed class LockoutOptions
{
    public const string Section = "Lockout";

    /// <summary>Consecutive wrong passwords that lock the account. Default 5.</summary>
    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a lockout lasts unless an administrator unlocks it. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

[OptionsValidator]
public sealed partial class LockoutOptionsValidator : IValidateOptions<LockoutOptions>;
