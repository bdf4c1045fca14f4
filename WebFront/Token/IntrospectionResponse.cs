using System.Text.Json.Serialization;

namespace OroOrleans.WebFront.Token;

/// <summary>The introspection response of RFC 7662 §2.2; an inactive token is <c>{"active":false}</c> and nothing else.</summary>
public sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("sub")] string? Subject = null,
    [property: JsonPropertyName("scope")] string? Scope = null,
    [property: JsonPropertyName("exp")] long? ExpiresAt = null,
    [property: JsonPropertyName("iat")] long? IssuedAt = null,
    [property: JsonPropertyName("token_type")] string? TokenType = null,
    [property: JsonPropertyName("app")] string? Application = null)
{
    public const string AccessTokenType = "access_token";
    public const string RefreshTokenType = "refresh_token";

    public static readonly IntrospectionResponse Inactive = new(false);
}
