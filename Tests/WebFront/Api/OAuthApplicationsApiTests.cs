using System.Net;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>
/// <c>/api/oauthapplications</c> (§7.1) over real HTTP: an administrator creates a client, which then logs in
/// through an OAuth client library, rotates its secret, is deactivated, reactivated and deleted; every token of
/// it stays revoked for good (§4).
/// </summary>
[Collection(OperatorCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class OAuthApplicationsApiTests(OperatorFixture fixture)
{
    private const string Type = "oauthapplications";
    private readonly HttpClient http = fixture.CreateClient();

    private AdminClient Admin => new(http, fixture.Seed);

    private OAuthLibraryClient OAuth => new(http);

    [Fact]
    public async Task Client_LivesThroughCreateUseRotateDeactivateDelete_AndItsTokensStayRevoked()
    {
        var admin = Admin;
        var seed = fixture.Seed;

        // Create: the identifier and the secret come from the server, the secret only in this answer.
        using var create = await admin.Send(HttpMethod.Post, "/api/oauthapplications", new
        {
            data = new { type = Type, attributes = new { name = "  Reporting  ", grants = new[] { "password" }, allowedScopes = new[] { "reports:read" } } },
        });
        var created = await Body(create, HttpStatusCode.Created);
        Assert.True(create.Headers.CacheControl?.NoStore, "the answer with the secret must not be cached");
        var id = (string)created["id"]!;
        var attributes = created["attributes"]!;
        var secret = (string)attributes["secret"]!;
        Assert.Matches("^[A-Za-z0-9]{32}$", id);
        Assert.Equal(id, (string)attributes["identifier"]!);
        Assert.Equal($"/api/oauthapplications/{id}", create.Headers.Location?.ToString());
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal("Reporting", (string)attributes["name"]!);
        Assert.True((bool)attributes["active"]!);
        Assert.False((bool)attributes["frontend"]!);
        Assert.Equal("reports:read", (string)attributes["allowedScopes"]![0]!);

        // Use it, through a client library.
        var login = await OAuth.Password(id, secret, seed.UserUsername, seed.UserPassword);
        Assert.False(login.IsError, login.Raw);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, login.AccessToken!));
        var refreshed = await OAuth.Refresh(id, secret, login.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.Raw);

        // Read: no secret ever again; the counters, refreshes included, arrive with the next flush.
        var shown = await Eventually(async () =>
        {
            using var get = await admin.Send(HttpMethod.Get, $"/api/oauthapplications/{id}", null);
            var resource = await Body(get, HttpStatusCode.OK);
            var issued = resource["attributes"]!["issued"];
            return issued?["password"] is not null && issued["refresh_token"] is not null ? resource : null;
        });
        Assert.Null(shown["attributes"]!["secret"]);
        Assert.Equal(1, (long)shown["attributes"]!["issued"]!["password"]!);
        Assert.Equal(1, (long)shown["attributes"]!["issued"]!["refresh_token"]!);
        Assert.NotNull(shown["attributes"]!["lastUsedAt"]);
        using (var list = await admin.Send(HttpMethod.Get, "/api/oauthapplications", null))
        {
            var all = (await Json(list))["data"]!.AsArray();
            Assert.Contains(all, c => (string)c!["id"]! == id);
            Assert.Contains(all, c => (string)c!["id"]! == seed.BackofficeClientId);
            Assert.All(all, c => Assert.Null(c!["attributes"]!["secret"]));
        }

        // Rotate: the old secret stops working (everywhere within the 1 s registration cache), the new one works.
        using var rotate = await admin.Send(HttpMethod.Post, $"/api/oauthapplications/{id}/secret", null);
        var newSecret = (string)(await Body(rotate, HttpStatusCode.OK))["attributes"]!["secret"]!;
        Assert.NotEqual(secret, newSecret);
        Assert.True(rotate.Headers.CacheControl?.NoStore);
        await Task.Delay(1100);
        AssertInvalidClient(await OAuth.Password(id, secret, seed.UserUsername, seed.UserPassword));
        var beforeDeactivation = await OAuth.Password(id, newSecret, seed.UserUsername, seed.UserPassword);
        Assert.False(beforeDeactivation.IsError, beforeDeactivation.Raw);

        // Deactivate, then reactivate: no token issued before the deactivation comes back (§4).
        await Patch(id, new { active = false });
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, beforeDeactivation.AccessToken!));
        await Patch(id, new { active = true, name = "Reporting v2" });
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, beforeDeactivation.AccessToken!));
        var revived = await OAuth.Refresh(id, newSecret, beforeDeactivation.RefreshToken!);
        Assert.Equal("invalid_grant", revived.Error);
        var afterReactivation = await OAuth.Password(id, newSecret, seed.UserUsername, seed.UserPassword);
        Assert.False(afterReactivation.IsError, afterReactivation.Raw);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, afterReactivation.AccessToken!));

        // Delete: its tokens die at once, the client is gone, and its identifier answers 404 from now on.
        using (var delete = await admin.Send(HttpMethod.Delete, $"/api/oauthapplications/{id}", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, afterReactivation.AccessToken!));
        await Task.Delay(1100);
        AssertInvalidClient(await OAuth.Refresh(id, newSecret, afterReactivation.RefreshToken!));
        AssertInvalidClient(await OAuth.Password(id, newSecret, seed.UserUsername, seed.UserPassword));
        foreach (var (method, path) in new[] { ("GET", ""), ("DELETE", ""), ("POST", "/secret") })
        {
            using var gone = await admin.Send(new HttpMethod(method), $"/api/oauthapplications/{id}{path}", null);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    [Fact]
    public async Task ClientCredentialsClient_ActsAsItsOwner_AndIssuesNoRefreshToken()
    {
        using var create = await Admin.Send(HttpMethod.Post, "/api/oauthapplications", new
        {
            data = new { type = Type, attributes = new { name = "Machine", grants = new[] { "client_credentials" }, owner = "1" } },
        });
        var created = await Body(create, HttpStatusCode.Created);
        Assert.Equal("1", (string)created["attributes"]!["owner"]!);

        var token = await OAuth.ClientCredentials((string)created["id"]!, (string)created["attributes"]!["secret"]!);
        Assert.False(token.IsError, token.Raw);
        Assert.Null(token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, token.AccessToken!));
    }

    [Theory]
    [InlineData("""{"name":"x","grants":["password","client_credentials"],"frontend":true,"owner":"1000000001"}""", "grants")]
    [InlineData("""{"name":"x","grants":["client_credentials"]}""", "owner")]
    [InlineData("""{"name":"x","grants":["client_credentials"],"owner":"1000000001"}""", "owner")]
    [InlineData("""{"name":"x","grants":["client_credentials"],"frontend":true,"owner":"1"}""", "owner")]
    [InlineData("""{"name":"x","grants":["implicit"]}""", "grants")]
    [InlineData("""{"name":"x","grants":[]}""", "grants")]
    [InlineData("""{"name":" ","grants":["password"]}""", "name")]
    [InlineData("""{"name":"a\u0000b\u202e","grants":["password"]}""", "name")]
    [InlineData("""{"name":"a\u200bb","grants":["password"]}""", "name")]
    [InlineData("""{"name":"a\ud83db","grants":["password"]}""", "name")]
    [InlineData("""{"name":"a\udb80\udc00b","grants":["password"]}""", "name")]
    [InlineData("""{"name":"x","grants":["password"],"allowedScopes":["a b"]}""", "allowedScopes")]
    [InlineData("""{"grants":["password"]}""", "name")]
    [InlineData("""{"name":"x"}""", "grants")]
    [InlineData("""{"name":"x","grants":["password"],"secret":"mine"}""", "secret")]
    public async Task Create_RefusesABadRegistration_NamingTheAttribute(string attributes, string member)
    {
        using var response = await Admin.Send(HttpMethod.Post, "/api/oauthapplications", "{\"data\":{\"type\":\"" + Type + "\",\"attributes\":" + attributes + "}}");
        var body = await Json(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Equal($"/data/attributes/{member}", (string)body["errors"]![0]!["source"]!["pointer"]!);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "")]
    [InlineData("GET", "/{0}")]
    [InlineData("PATCH", "/{0}")]
    [InlineData("DELETE", "/{0}")]
    [InlineData("POST", "/{0}/secret")]
    public async Task NonAdministrator_GetsJsonApi403(string method, string path)
    {
        var admin = Admin;
        var token = await admin.AccessToken(fixture.Seed.UserUsername, fixture.Seed.UserPassword);
        using var response = await admin.Send(new HttpMethod(method), "/api/oauthapplications" + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, fixture.Seed.BackofficeClientId), null, token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task Patch(string id, object attributes)
    {
        using var response = await Admin.Send(HttpMethod.Patch, $"/api/oauthapplications/{id}", new { data = new { type = Type, id, attributes } });
        await Body(response, HttpStatusCode.OK);
    }

    /// <summary>RFC 6749 §5.2's 401 for a client that failed to authenticate; the library reports it as an HTTP error.</summary>
    private static void AssertInvalidClient(Duende.IdentityModel.Client.TokenResponse response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.HttpStatusCode);
        Assert.Equal("invalid_client", (string)JsonNode.Parse(response.Raw!)!["error"]!);
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static async Task<JsonNode> Body(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["data"]!;
    }

    private async Task<T> Eventually<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(attempt < 50, "the issuance counters were not flushed within 10 s; the server's lines on them:\n"
                + string.Join('\n', fixture.Server.Output.Split('\n').Where(l => l.Contains("issuance", StringComparison.OrdinalIgnoreCase))));
            await Task.Delay(200);
        }
    }
}
