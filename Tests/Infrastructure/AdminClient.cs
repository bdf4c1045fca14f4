using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Talks to the administration API as the seeded administrator, and logs users in.</summary>
public sealed class AdminClient(HttpClient http, TestSeed seed)
{
    private string? adminToken;

    public async Task<string> AdminToken() =>
        adminToken ??= await AccessToken(seed.AdminUsername, seed.AdminPassword);

    /// <summary>A back-office access token for the user (on the seeded back-office client).</summary>
    public async Task<string> AccessToken(string username, string password, string? clientId = null, string? secret = null) =>
        (string)(await TokenClient.Login(http, clientId ?? seed.BackofficeClientId, secret ?? seed.BackofficeSecret, username, password))["access_token"]!;

    /// <summary>Sends a JSON:API document with the given bearer token (the administrator's when null).</summary>
    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? document, string? token = null)
    {
        using var request = TokenClient.Bearer(method, path, token ?? await AdminToken());
        if (document is not null)
        {
            request.Content = new StringContent(document as string ?? JsonSerializer.Serialize(document), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.api+json");
        }

        return await http.SendAsync(request);
    }

    /// <summary>Creates a back-office user with a random name; returns its id and username.</summary>
    public async Task<(string Id, string Username)> CreateUser(string password, string[]? roles = null)
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..12];
        using var response = await Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username, email = username + "@example.com", password, roles = roles ?? [] } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return ((string)JsonNode.Parse(body)!["data"]!["id"]!, username);
    }

    /// <summary>PATCHes a user's attributes as the administrator and asserts 200.</summary>
    public async Task PatchUser(string id, object attributes)
    {
        using var response = await Send(HttpMethod.Patch, $"/api/users/{id}", new { data = new { type = "users", id, attributes } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The status of <c>GET /api/users/{id}</c> with the token, on the given front end.</summary>
    public static async Task<HttpStatusCode> Probe(HttpClient on, string token, string id = "1")
    {
        using var request = TokenClient.Bearer(HttpMethod.Get, $"/api/users/{id}", token);
        using var response = await on.SendAsync(request);
        return response.StatusCode;
    }
}
