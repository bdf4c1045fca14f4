using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Revocation;

/// <summary>How a front end keeps its revocation view in step with the ledger. Section <c>Revocation</c>.</summary>
public sealed class RevocationSyncOptions
{
    public const string Section = "Revocation";

    /// <summary>
    /// How often the front end renews its subscription with every ledger shard (and learns whether a shard lost
    /// it, which triggers a re-read of that shard). Must stay well under the ledger's 60 s registration
    /// lifetime. Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the front end catches up with every shard (the facts each changed since the front end's last
    /// read), a safety net for a push lost without the shard noticing; expired facts are swept from the view at the
    /// same time. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before trying again while the ledger does not answer. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

[OptionsValidator]
public sealed partial class RevocationSyncOptionsValidator : IValidateOptions<RevocationSyncOptions>;
