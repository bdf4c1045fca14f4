using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Auth;

/// <summary>The front end's cache of access tokens it has validated (<see cref="ValidatedTokenCache"/>). Section <c>TokenCache</c>.</summary>
public sealed class TokenCacheOptions
{
    public const string Section = "TokenCache";

    /// <summary>
    /// Access tokens a front end keeps validated, the most recently used: a token used again within them costs no
    /// signature check. About 400 bytes each, allocated when the front end starts (the default: ~19 MiB). Rounded up
    /// to a multiple of 64 (the cache's stripes). Default 49,984.
    /// </summary>
    [Range(ValidatedTokenCache.StripeCount, 4_000_000)]
    public int Entries { get; set; } = ValidatedTokenCache.DefaultCapacity;
}

[OptionsValidator]
public sealed partial class TokenCacheOptionsValidator : IValidateOptions<TokenCacheOptions>;
