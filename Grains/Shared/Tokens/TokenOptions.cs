using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Tokens;

/// <summary>Token issuance settings (§2.6, §9.3). Section <c>Tokens</c>; silos and front ends must agree on them.</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>
    /// The <c>iss</c> claim and the metadata issuer: an absolute http(s) URL. Default <c>http://localhost:5080</c> (a
    /// standalone server: the address it serves).
    /// </summary>
    [Required, IssuerUrl]
    public string Issuer { get; set; } = "http://localhost:5080";

    /// <summary>Access-token lifetime; also <c>expires_in</c>. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Sliding refresh-token lifetime: each rotation gets a fresh one. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Absolute lifetime of a refresh-token family from its first token. Default 90 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan FamilyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long after a rotation the same refresh token, presented again by the same client while the refresh token
    /// issued then is unused, gets that same pair again instead of counting as reuse (§3: a retried refresh is not
    /// reuse). Zero turns retries off. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RefreshRetryWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Access-token signature algorithm: <c>RS256</c> (default) or <c>ES256</c>.</summary>
    [Required, AllowedValues("RS256", "ES256", ErrorMessage = "must be RS256 or ES256")]
    public string Algorithm { get; set; } = "RS256";
}

[OptionsValidator]
public sealed partial class TokenOptionsValidator : IValidateOptions<TokenOptions>;
