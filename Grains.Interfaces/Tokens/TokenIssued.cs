namespace OroOrleans.Grains.Interfaces;

/// <summary>A successful grant (§2.3).</summary>
/// <param name="AccessToken">The signed access token (RFC 9068).</param>
/// <param name="RefreshToken">The refresh token, or null for <c>client_credentials</c>.</param>
/// <param name="ExpiresIn">Access-token lifetime in seconds.</param>
[GenerateSerializer, Immutable, Alias("TokenIssued")]
public sealed record TokenIssued(string AccessToken, string? RefreshToken, int ExpiresIn) : TokenOutcome;
