using Microsoft.IdentityModel.JsonWebTokens;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Reads a presented token WITHOUT verifying it, only to route it: which kind it says it is. Whoever decides
/// verifies the signature; nothing read here is trusted.
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
