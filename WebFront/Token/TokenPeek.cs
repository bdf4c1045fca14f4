using Microsoft.IdentityModel.JsonWebTokens;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Reads a presented token WITHOUT verifying it, only to route it: which kind it says it is, and which family
/// grain should decide. Whoever decides verifies the signature; nothing read here is trusted.
/// </summary>
public static class TokenPeek
{
    private const int MaxTokenLength = 8 * 1024;

    public static PresentedTokenKind KindOf(string token) => Parse(token)?.Typ switch
    {
        TokenClaims.AccessTokenType => PresentedTokenKind.Access,
        TokenClaims.RefreshTokenType => PresentedTokenKind.Refresh,
        _ => PresentedTokenKind.Unknown,
    };

    /// <summary>The <c>fid</c> claim when it has the shape of a family id (32 lowercase hex digits), else null.</summary>
    public static string? FamilyOf(string token) =>
        Parse(token) is { } jwt && jwt.TryGetPayloadValue<string>(TokenClaims.Family, out var fid) && IsFamilyId(fid) ? fid : null;

    // Only well-formed ids reach a grain, so made-up tokens cannot name arbitrary grain keys.
    private static bool IsFamilyId(string? fid) => fid is { Length: 32 } && fid.All(char.IsAsciiHexDigitLower);

    private static JsonWebToken? Parse(string token)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
