using Microsoft.IdentityModel.Tokens;

namespace OroOrleans.WebFront.Auth;

/// <summary>Where the validator finds published keys by key id.</summary>
public interface IPublicKeySource
{
    /// <summary>The key for <paramref name="kid"/>, reading the key ring if the cache does not know it; null when none.</summary>
    ValueTask<SecurityKey?> Find(string? kid);

    /// <summary>The key for <paramref name="kid"/> from what is already cached, without I/O.</summary>
    SecurityKey? FindCached(string? kid);
}
