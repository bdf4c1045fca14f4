using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>The storefront's calls, as a storefront front end would make them.</summary>
public static class StorefrontCalls
{
    public static Dictionary<string, string> Guest(string clientId, string secret) => new()
    {
        ["grant_type"] = "password",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["username"] = "guest",
        ["password"] = "guest",
    };

    /// <summary>A guest login (JSON body, Oro's documented form); the response body.</summary>
    public static async Task<JsonObject> GuestLogin(HttpClient http, string clientId, string secret)
    {
        using var response = await TokenClient.PostJson(http, Guest(clientId, secret));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"guest login failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> ClientCredentials(HttpClient http, string clientId, string secret)
    {
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"client_credentials failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonWebToken Read(JsonObject tokenResponse, string field = "access_token") => new((string)tokenResponse[field]!);

    public static async Task<HttpResponseMessage> AddItem(HttpClient http, string token, string body, string contentType = "application/vnd.api+json")
    {
        using var request = TokenClient.Bearer(HttpMethod.Post, "/storefront/api/shoppinglist/items", token);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await http.SendAsync(request);
    }

    public static string ItemDocument(string sku, int quantity) =>
        JsonSerializer.Serialize(new { data = new { type = "shoppinglistitems", attributes = new { sku, quantity } } });

    /// <summary>The list's lines as SKU → quantity.</summary>
    public static async Task<Dictionary<string, int>> List(HttpClient http, string token)
    {
        using var request = TokenClient.Bearer(HttpMethod.Get, "/storefront/api/shoppinglist", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET shoppinglist: {(int)response.StatusCode} {text}");
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        var items = JsonNode.Parse(text)!["data"]!["attributes"]!["items"]!.AsArray();
        return items.ToDictionary(i => (string)i!["sku"]!, i => (int)i!["quantity"]!);
    }
}
