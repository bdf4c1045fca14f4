using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Posts token requests the way OAuth client libraries and Oro clients do: form or JSON bodies, Basic or body credentials.</summary>
public static class TokenClient
{
    public static Task<HttpResponseMessage> PostForm(HttpClient http, IEnumerable<KeyValuePair<string, string>> fields, string? basicId = null, string? basicSecret = null, string path = "/oauth2-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        AddBasic(request, basicId, basicSecret);
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJson(HttpClient http, object body, string? basicId = null, string? basicSecret = null, string path = "/oauth2-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        AddBasic(request, basicId, basicSecret);
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRaw(HttpClient http, string body, string contentType, string path = "/oauth2-token")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    /// <summary>A password login on the given client; the response body as JSON.</summary>
    public static async Task<JsonObject> Login(HttpClient http, string clientId, string secret, string username, string password)
    {
        using var response = await PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["username"] = username,
            ["password"] = password,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"login failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts an OAuth error response of §2.5: status, every field, and <c>no-store</c>.</summary>
    public static async Task<JsonObject> AssertError(HttpResponseMessage response, int status, string error, string? hint = null, string? description = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store missing");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(error, (string?)body["error"]);
        var actualDescription = (string?)body["error_description"];
        Assert.False(string.IsNullOrEmpty(actualDescription));
        Assert.Equal(actualDescription, (string?)body["message"]);
        if (description is not null)
        {
            Assert.Equal(description, actualDescription);
        }

        Assert.Equal(hint, (string?)body["hint"]);
        return body;
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static void AddBasic(HttpRequestMessage request, string? id, string? secret)
    {
        if (id is null)
        {
            return;
        }

        // RFC 6749 §2.3.1: form-urlencode each part, then base64 "id:secret".
        var raw = Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret ?? "");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
    }
}
