namespace OroOrleans.WebFront.Token;

/// <summary>What <see cref="TokenRequestReader"/> made of a request: a request or an error.</summary>
public sealed record ReadResult(TokenRequest? Request, OAuthError? Error, bool UsedAuthorizationHeader)
{
    public static ReadResult Fail(OAuthError error, bool usedAuthorizationHeader) => new(null, error, usedAuthorizationHeader);
}
