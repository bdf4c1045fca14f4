using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Token requests of the refresh-family tests: logins, refreshes, revocations, introspections, API probes.</summary>
public static class FamilyClient
{
    public const string RevokePath = "/oauth2-token/revoke";
    public const string IntrospectPath = "/oauth2-token/introspect";

    /// <summary>A back-office password login of the seed's user john.</summary>
    public static Task<TokenPair> LoginJohn(HttpClient http, TestSeed seed, string? scope = null) =>
        Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.UserUsername, seed.UserPassword, scope);

    public static async Task<TokenPair> Login(HttpClient http, string clientId, string secret, string username, string password, string? scope = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["username"] = username,
            ["password"] = password,
        };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        using var response = await TokenClient.PostForm(http, fields);
        return await Pair(response);
    }

    public static Task<HttpResponseMessage> Refresh(HttpClient http, string clientId, string secret, string refreshToken) =>
        TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["refresh_token"] = refreshToken,
        });

    public static Task<HttpResponseMessage> Refresh(HttpClient http, TestSeed seed, string refreshToken) =>
        Refresh(http, seed.BackofficeClientId, seed.BackofficeSecret, refreshToken);

    /// <summary>A refresh that must succeed; the new pair.</summary>
    public static async Task<TokenPair> Rotate(HttpClient http, TestSeed seed, string refreshToken)
    {
        using var response = await Refresh(http, seed, refreshToken);
        return await Pair(response);
    }

    public static Task<HttpResponseMessage> Revoke(HttpClient http, string clientId, string secret, string token, string? hint = null) =>
        TokenClient.PostForm(http, TokenFields(clientId, secret, token, hint), path: RevokePath);

    public static Task<HttpResponseMessage> Introspect(HttpClient http, string clientId, string secret, string token) =>
        TokenClient.PostForm(http, TokenFields(clientId, secret, token, null), path: IntrospectPath);

    public static async Task<JsonObject> IntrospectOk(HttpClient http, string clientId, string secret, string token)
    {
        using var response = await Introspect(http, clientId, secret, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"introspection: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The status of <c>GET /api/users</c> with the token as a bearer token.</summary>
    public static async Task<HttpStatusCode> ApiStatus(HttpClient http, string token)
    {
        using var request = TokenClient.Bearer(HttpMethod.Get, "/api/users", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static JsonWebToken Decode(string token) => new(token);

    public static async Task<TokenPair> Pair(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        return new TokenPair((string)body["access_token"]!, (string)body["refresh_token"]!);
    }

    private static Dictionary<string, string> TokenFields(string clientId, string secret, string token, string? hint)
    {
        var fields = new Dictionary<string, string> { ["client_id"] = clientId, ["client_secret"] = secret, ["token"] = token };
        if (hint is not null)
        {
            fields["token_type_hint"] = hint;
        }

        return fields;
    }
}
