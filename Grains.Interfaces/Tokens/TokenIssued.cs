namespace OroOrleans.Grains.Interfaces;

/// <summary>A successful grant (§2.3).</summary>
/// <param name="AccessToken">The signed access token (RFC 9068).</param>
/// <param name="RefreshToken">The refresh token, or null for <c>client_credentials</c>.</param>
/// <param name="ExpiresIn">Access-token lifetime in seconds.</param>
[GenerateSerializer, Immutable, Alias("TokenIssued")]
public sealed record TokenIssued(string AccessToken, string? RefreshToken, int ExpiresIn) : TokenOutcome
{
    /// <summary>
    /// Keeps the tokens out of logs: Orleans logs a response it drops (an expired message) with its body's text.
    /// </summary>
    public override string ToString() => $"TokenIssued {{ RefreshToken = {(RefreshToken is null ? "none" : "issued")}, ExpiresIn = {ExpiresIn} }}";
}
