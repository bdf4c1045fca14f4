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
}

[OptionsValidator]
public sealed partial class KeysOptionsValidator : IValidateOptions<KeysOptions>;
