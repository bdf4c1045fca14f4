using Duende.IdentityModel.Client;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>
/// Token requests as a maintained OAuth client library sends them (Duende.IdentityModel): every grant,
/// revocation and introspection of the operator tests goes through it, not through our own HTTP code.
/// </summary>
/// <param name="http">A client of the server under test.</param>
/// <param name="style">Basic (the library's default, RFC 6749 §2.3.1) or credentials in the body.</param>
public sealed class OAuthLibraryClient(HttpClient http, ClientCredentialStyle style = ClientCredentialStyle.AuthorizationHeader)
{
    private Uri Endpoint(string path) => new(http.BaseAddress!, path);

    public Task<TokenResponse> Password(string clientId, string secret, string username, string password, string? scope = null) =>
        http.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = Endpoint("/oauth2-token").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            UserName = username,
            Password = password,
            Scope = scope,
        });

    public Task<TokenResponse> ClientCredentials(string clientId, string secret) =>
        http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = Endpoint("/oauth2-token").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
        });

    public Task<TokenResponse> Refresh(string clientId, string secret, string refreshToken) =>
        http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = Endpoint("/oauth2-token").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            RefreshToken = refreshToken,
        });

    public Task<TokenRevocationResponse> Revoke(string clientId, string secret, string token, string? hint = null) =>
        http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = Endpoint("/oauth2-token/revoke").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            Token = token,
            TokenTypeHint = hint!,
        });

    public Task<TokenIntrospectionResponse> Introspect(string clientId, string secret, string token, string? hint = null) =>
        http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = Endpoint("/oauth2-token/introspect").ToString(),
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            Token = token,
            TokenTypeHint = hint!,
        });
}
