using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Keys;

/// <summary>How the key ring is kept (§6). Section <c>Keys</c>.</summary>
public sealed class KeysOptions
{
    public const string Section = "Keys";

    /// <summary>
    /// The key-encryption key that seals private and refresh keys at rest (AES-256-GCM): base64 of 256 random bits,
    /// e.g. <c>openssl rand -base64 32</c>. Set this or <see cref="EncryptionKeyFile"/>, not both.
    /// </summary>
    [RegularExpression(@"^\s*[A-Za-z0-9+/]*={0,2}\s*$", ErrorMessage = "is not base64")]
    public string? EncryptionKey { get; set; }

    /// <summary>A file holding <see cref="EncryptionKey"/> (base64, surrounding whitespace ignored). Standalone
    /// mode creates <c>key-encryption.key</c> in its data directory when neither is set.</summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>Stores keys in the clear when no key-encryption key is set. A cluster refuses to start without a
    /// key-encryption key unless this is true. Default false.</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>How long a signing key signs before the reminder rotates it (refresh keys too). Default 90 days,
    /// 1 hour – 10 years.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long the next key is in the JWKS before it signs. Default 14 days; at least
    /// <see cref="KeyPublication.SignAfter"/> (a front end's key refresh plus the JWKS's <c>max-age</c>, with margin), so
    /// every front end and every resource server that honours the JWKS's cache headers lists a key before its first
    /// token; less than <see cref="RotationPeriod"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan AnnounceAhead { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// An operator's PEM private key (RSA of 2048 bits or more, or EC P-256, unencrypted) that signs instead of
    /// generated keys. Oro's <c>ORO_OAUTH_PRIVATE_KEY_PATH</c> is read when this is not set. Silos only.
    /// </summary>
    public string? SigningKeyPemFile { get; set; }

    /// <summary>The relation between <see cref="AnnounceAhead"/>, the publication delay and <see cref="RotationPeriod"/>.</summary>
    public IEnumerable<string> ScheduleFailures()
    {
        if (AnnounceAhead < KeyPublication.SignAfter)
        {
            yield return $"AnnounceAhead: {AnnounceAhead} is shorter than {KeyPublication.SignAfter}, a front end's key refresh ({KeyPublication.FrontEndRefreshInterval}) plus the JWKS max-age ({KeyPublication.JwksMaxAge}) plus {KeyPublication.Margin} of margin";
        }

        if (AnnounceAhead >= RotationPeriod)
        {
            yield return $"AnnounceAhead: {AnnounceAhead} must be shorter than Keys:RotationPeriod ({RotationPeriod})";
        }
    }
}

/// <summary>The attributes of <see cref="KeysOptions"/>, then <see cref="KeysOptions.ScheduleFailures"/>.</summary>
public sealed class KeysOptionsValidator : IValidateOptions<KeysOptions>
{
    private readonly KeysOptionsAttributeValidator attributes = new();

    public ValidateOptionsResult Validate(string? name, KeysOptions options)
    {
        var result = attributes.Validate(name, options);
        if (result.Failed)
        {
            return result;
        }

        var schedule = options.ScheduleFailures().ToList();
        return schedule.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(schedule);
    }
}

[OptionsValidator]
public sealed partial class KeysOptionsAttributeValidator : IValidateOptions<KeysOptions>;
