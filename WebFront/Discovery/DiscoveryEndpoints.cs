using OroOrleans.Grains.Keys;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Token;

namespace OroOrleans.WebFront.Discovery;

/// <summary>
/// The JWKS (RFC 7517) and the authorization server metadata (RFC 8414), also served at the OpenID Connect discovery
/// path, where resource servers configured by <c>Authority</c> alone (ASP.NET Core's JwtBearer) look for it (§6).
/// </summary>
public static class DiscoveryEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";
    public const string MetadataPath = "/.well-known/oauth-authorization-server";
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(JwksPath, Jwks);
        app.MapGet(MetadataPath, Metadata);
        app.MapGet(OpenIdConfigurationPath, Metadata);
        return app;
    }

    private static async Task<IResult> Jwks(PublicKeyCache keys, HttpContext http)
    {
        var set = await keys.GetKeySet();
        // A key signs only after it has been listed here for longer than this (KeyPublication.SignAfter).
        http.Response.Headers.CacheControl = $"public, max-age={(int)KeyPublication.JwksMaxAge.TotalSeconds}";
        return TypedResults.Json(new JwksDocument(set.Keys.Select(k => new JwkDocument(k.Kty, "sig", k.Alg, k.Kid, k.N, k.E, k.Crv, k.X, k.Y)).ToArray()));
    }

    /// <summary>
    /// Grants from the registered handlers, paths from the endpoints that map them; nothing the server does not do.
    /// No <c>response_types_supported</c>: there is no authorization endpoint, so no response type is supported (RFC
    /// 8414 and OpenID Connect Discovery call it required of servers that have one; JwtBearer and Duende.IdentityModel's
    /// discovery client read <c>issuer</c>, <c>jwks_uri</c> and the endpoints only). No
    /// <c>token_endpoint_auth_signing_alg_values_supported</c>: it belongs to <c>private_key_jwt</c> and
    /// <c>client_secret_jwt</c>, which are not supported.
    /// </summary>
    private static IResult Metadata(IOptions<TokenOptions> options, TokenGrants grants)
    {
        var issuer = options.Value.Issuer.TrimEnd('/');
        return TypedResults.Json(new MetadataDocument(
            issuer,
            issuer + OAuthConstants.TokenPath,
            issuer + RevokeEndpoints.Path,
            issuer + IntrospectionEndpoints.Path,
            issuer + JwksPath,
            grants.GrantTypes,
            ["client_secret_basic", "client_secret_post"],
            ["client_secret_basic", "client_secret_post"],
            ["client_secret_basic", "client_secret_post"]));
    }

    public sealed record JwksDocument([property: JsonPropertyName("keys")] IReadOnlyList<JwkDocument> Keys);

    public sealed record JwkDocument(
        [property: JsonPropertyName("kty")] string Kty,
        [property: JsonPropertyName("use")] string Use,
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("kid")] string Kid,
        [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? N,
        [property: JsonPropertyName("e"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? E,
        [property: JsonPropertyName("crv"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Crv,
        [property: JsonPropertyName("x"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? X,
        [property: JsonPropertyName("y"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Y);

    public sealed record MetadataDocument(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
        [property: JsonPropertyName("introspection_endpoint")] string IntrospectionEndpoint,
        [property: JsonPropertyName("jwks_uri")] string JwksUri,
        [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenAuthMethods,
        [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")] IReadOnlyList<string> RevocationAuthMethods,
        [property: JsonPropertyName("introspection_endpoint_auth_methods_supported")] IReadOnlyList<string> IntrospectionAuthMethods);
}
