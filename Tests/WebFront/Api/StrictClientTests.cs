using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using TokenClient = OroOrleans.Tests.Infrastructure.TokenClient;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>
/// What strict OAuth clients expect, driven through a maintained client library (Duende.IdentityModel): every grant,
/// refresh, revocation and introspection with Basic and with body credentials; Basic plus the same <c>client_id</c>
/// in the body (RFC 6749 §3.2.1); RFC 7662's <c>token_type</c>; RFC 6750's <c>error="invalid_token"</c>.
/// </summary>
[Collection(OperatorCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class StrictClientTests(OperatorFixture fixture)
{
    private readonly HttpClient http = fixture.CreateClient();

    [Theory]
    [InlineData(ClientCredentialStyle.AuthorizationHeader)]
    [InlineData(ClientCredentialStyle.PostBody)]
    public async Task EveryGrantRevocationAndIntrospection_WorksThroughAnOAuthLibrary(ClientCredentialStyle style)
    {
        var seed = fixture.Seed;
        var oauth = new OAuthLibraryClient(http, style);

        var login = await oauth.Password(seed.BackofficeClientId, seed.BackofficeSecret, seed.UserUsername, seed.UserPassword);
        Assert.False(login.IsError, login.Raw);
        Assert.Equal("Bearer", login.TokenType);
        var machine = await oauth.ClientCredentials(seed.NoPasswordClientId, seed.NoPasswordSecret);
        Assert.False(machine.IsError, machine.Raw);
        var refreshed = await oauth.Refresh(seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.Raw);

        var access = await oauth.Introspect(seed.BackofficeClientId, seed.BackofficeSecret, refreshed.AccessToken!);
        Assert.False(access.IsError, access.Raw);
        Assert.True(access.IsActive);
        Assert.Equal("Bearer", (string?)JsonNode.Parse(access.Raw!)!["token_type"]);
        var refresh = await oauth.Introspect(seed.BackofficeClientId, seed.BackofficeSecret, refreshed.RefreshToken!, "refresh_token");
        Assert.True(refresh.IsActive, refresh.Raw);
        Assert.Equal("refresh_token", (string?)JsonNode.Parse(refresh.Raw!)!["token_use"]);
        Assert.Null(JsonNode.Parse(refresh.Raw!)!["token_type"]);

        var revoked = await oauth.Revoke(seed.BackofficeClientId, seed.BackofficeSecret, refreshed.RefreshToken!, "refresh_token");
        Assert.False(revoked.IsError, revoked.Raw);
        Assert.False((await oauth.Introspect(seed.BackofficeClientId, seed.BackofficeSecret, refreshed.AccessToken!)).IsActive);
        Assert.Equal("invalid_grant", (await oauth.Refresh(seed.BackofficeClientId, seed.BackofficeSecret, refreshed.RefreshToken!)).Error);
    }

    [Fact]
    public async Task BasicWithTheSameClientIdInTheBody_IsOneClient_ADifferentOneIsRefused()
    {
        var seed = fixture.Seed;
        var same = await Password(seed.BackofficeClientId);
        Assert.False(same.IsError, same.Raw);

        var other = await Password(seed.StorefrontClientId);
        Assert.Equal(HttpStatusCode.Unauthorized, other.HttpStatusCode);
        Assert.Equal("invalid_client", (string?)JsonNode.Parse(other.Raw!)!["error"]);

        Task<TokenResponse> Password(string bodyClientId) => http.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = new Uri(http.BaseAddress!, "/oauth2-token").ToString(),
            ClientId = seed.BackofficeClientId,
            ClientSecret = seed.BackofficeSecret,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
            UserName = seed.UserUsername,
            Password = seed.UserPassword,
            Parameters = { { "client_id", bodyClientId } },
        });
    }

    [Theory]
    [InlineData(null, "Bearer")]
    [InlineData("not.a.jwt", "Bearer error=\"invalid_token\"")]
    public async Task Api401_CarriesInvalidTokenOnlyWhenATokenWasPresented(string? token, string challenge)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task OAuthHint_CarriesRealBackticks_NotAnEscape()
    {
        using var response = await http.PostAsync(new Uri("/oauth2-token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = fixture.Seed.BackofficeClientId,
            ["client_secret"] = fixture.Seed.BackofficeSecret,
            ["password"] = "x",
        }));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"hint\":\"Check the `username` parameter\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0060", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonApiDetail_CarriesRealQuotes_NotAnEscape()
    {
        var seed = fixture.Seed;
        var token = (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;
        using var response = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users/999999", token));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("with id '999999'", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandaloneServer_WithoutTokensIssuer_NamesItselfAfterTheAddressItServes()
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-issuer-").FullName;
        await using var server = new WebFrontProcess(Path.Combine(directory, "data"), new Dictionary<string, string?>());
        server.Settings["Tokens__Issuer"] = null;
        await server.Start();
        using var client = server.CreateClient();

        var metadata = JsonNode.Parse(await client.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative)))!;
        Assert.Equal(server.Issuer, (string?)metadata["issuer"]);
        Assert.Equal(server.Issuer + "/oauth2-token", (string?)metadata["token_endpoint"]);
    }
}
