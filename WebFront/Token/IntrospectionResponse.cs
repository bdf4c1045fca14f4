using System.Text.Json.Serialization;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// The introspection response of RFC 7662 §2.2; an inactive token is <c>{"active":false}</c> and nothing else.
/// <c>token_type</c> is RFC 6749 §7.1's type, so an access token is <c>Bearer</c>; a refresh token has no such type
/// (it is never presented to a resource server) and carries none. <c>token_use</c> (<c>access_token</c> or
/// <c>refresh_token</c>, as Ory Hydra names it; RFC 7662 allows extra members) says which of the two it is.
/// </summary>
public sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("sub")] string? Subject = null,
    [property: JsonPropertyName("scope")] string? Scope = null,
    [property: JsonPropertyName("exp")] long? ExpiresAt = null,
    [property: JsonPropertyName("iat")] long? IssuedAt = null,
    [property: JsonPropertyName("token_type")] string? TokenType = null,
    [property: JsonPropertyName("app")] string? Application = null,
    [property: JsonPropertyName("token_use")] string? TokenUse = null)
{
    public const string BearerType = "Bearer";
    public const string AccessTokenUse = "access_token";
    public const string RefreshTokenUse = "refresh_token";

    public static readonly IntrospectionResponse Inactive = new(false);
}
