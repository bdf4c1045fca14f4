using System.Net;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>§7.1 administration over real HTTP: who may, what a bad document answers, and what the changes do.</summary>
[Collection(RevocationCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class UserAdministrationTests(RevocationFixture fixture) : IDisposable
{
    private readonly HttpClient a = fixture.A.CreateClient();

    private AdminClient Admin => new(a, fixture.Seed);

    [Theory]
    [InlineData("POST", "/api/users")]
    [InlineData("PATCH", "/api/users/1")]
    [InlineData("GET", "/api/customerusers")]
    [InlineData("POST", "/api/customerusers")]
    [InlineData("GET", "/api/customerusers/1000000001")]
    [InlineData("PATCH", "/api/customerusers/1000000001")]
    [InlineData("PATCH", "/api/oauthapplications/x")]
    public async Task NonAdministrator_GetsJsonApi403(string method, string path)
    {
        var admin = Admin;
        var token = await admin.AccessToken(fixture.Seed.UserUsername, fixture.Seed.UserPassword);
        using var response = await admin.Send(new HttpMethod(method), path, method is "GET" ? null : new { data = new { type = "users" } }, token);

        await AssertJsonApiError(response, HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task WithoutToken_Gets401()
    {
        using var request = TokenClient.Bearer(HttpMethod.Post, "/api/users", null);
        using var response = await a.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x1","email":"x1@example.com","password":"password-1","nickname":"x"}}}""", 400, "/data/attributes/nickname")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x2","email":"x2@example.com","password":"short"}}}""", 400, "/data/attributes/password")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x3","email":"not-an-email","password":"password-1"}}}""", 400, "/data/attributes/email")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x4","email":"x4@example.com","password":"password-1","enabled":"yes"}}}""", 400, "/data/attributes/enabled")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x5","email":"x5@example.com","password":"password-1","roles":"administrator"}}}""", 400, "/data/attributes/roles")]
    [InlineData("""{"data":{"type":"users","attributes":{"email":"x6@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"customerusers","attributes":{"username":"x7","email":"x7@example.com","password":"password-1"}}}""", 409, "/data/type")]
    [InlineData("""{"data":{"type":"users","id":"99","attributes":{"username":"x8","email":"x8@example.com","password":"password-1"}}}""", 403, "/data/id")]
    [InlineData("""{"data":{"attributes":{}}}""", 400, "/data/type")]
    [InlineData("""{"data":[]}""", 400, "/data")]
    [InlineData("""{"data":{"type":"users","attributes":[]}}""", 400, "/data/attributes")]
    [InlineData("""{"data":{"type":"users","relationships":{}}}""", 400, "/data/relationships")]
    [InlineData("""{"data":""", 400, "")]
    public async Task BadUserDocument_IsAJsonApiErrorNamingTheMember(string document, int status, string pointer)
    {
        using var response = await Admin.Send(HttpMethod.Post, "/api/users", document);

        await AssertJsonApiError(response, (HttpStatusCode)status, pointer);
    }

    [Theory]
    [InlineData("""{"data":{"type":"users","id":"2","attributes":{"enabled":false}}}""", 409, "/data/id")]
    [InlineData("""{"data":{"type":"users","attributes":{"enabled":false}}}""", 400, "/data/id")]
    [InlineData("""{"data":{"type":"users","id":"1","attributes":{"locked":true}}}""", 400, "/data/attributes/locked")]
    [InlineData("""{"data":{"type":"users","id":"1","attributes":{"password":"1234567"}}}""", 400, "/data/attributes/password")]
    public async Task BadPatchDocument_IsAJsonApiErrorNamingTheMember(string document, int status, string pointer)
    {
        using var response = await Admin.Send(HttpMethod.Patch, "/api/users/1", document);

        await AssertJsonApiError(response, (HttpStatusCode)status, pointer);
    }

    [Fact]
    public async Task CustomerUsers_HaveNoUsernameOrRoles()
    {
        using var response = await Admin.Send(HttpMethod.Post, "/api/customerusers", new
        {
            data = new { type = "customerusers", attributes = new { email = "c@example.com", password = "password-1", roles = Array.Empty<string>() } },
        });

        await AssertJsonApiError(response, HttpStatusCode.BadRequest, "/data/attributes/roles");
    }

    [Fact]
    public async Task CreatedUser_CanLogIn_AndAppearsInTheApi()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");

        var token = await admin.AccessToken(username, "password-1");
        using var response = await a.SendAsync(TokenClient.Bearer(HttpMethod.Get, $"/api/users/{id}", token));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(username, (string?)body["data"]!["attributes"]!["username"]);
        Assert.Null(body["data"]!["attributes"]!["password"]);
    }

    [Fact]
    public async Task DuplicateUsernameOrEmail_Is409NamingTheMember()
    {
        var admin = Admin;
        var (_, username) = await admin.CreateUser("password-1");

        using var sameName = await admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username = username.ToUpperInvariant(), email = "other-" + username + "@example.com", password = "password-1" } },
        });
        await AssertJsonApiError(sameName, HttpStatusCode.Conflict, "/data/attributes/username");

        using var sameEmail = await admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username = "other-" + username, email = username + "@EXAMPLE.com", password = "password-1" } },
        });
        await AssertJsonApiError(sameEmail, HttpStatusCode.Conflict, "/data/attributes/email");
    }

    [Fact]
    public async Task Renaming_MovesTheLoginName_AndFreesTheOldOne()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");
        var renamed = "r" + username;

        await admin.PatchUser(id, new { username = renamed, email = renamed + "@example.com" });

        await admin.AccessToken(renamed, "password-1");
        await admin.AccessToken(renamed + "@example.com", "password-1");
        using var old = await TokenClient.PostForm(a, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = fixture.Seed.BackofficeClientId,
            ["client_secret"] = fixture.Seed.BackofficeSecret,
            ["username"] = username,
            ["password"] = "password-1",
        });
        await TokenClient.AssertError(old, 400, "invalid_grant");
        // The old name is free again.
        using var reuse = await admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username, email = username + "@example.com", password = "password-1" } },
        });
        Assert.Equal(HttpStatusCode.Created, reuse.StatusCode);
    }

    [Fact]
    public async Task RenamingOntoAnotherUsersName_Is409()
    {
        var admin = Admin;
        var (id, _) = await admin.CreateUser("password-1");

        using var response = await admin.Send(HttpMethod.Patch, $"/api/users/{id}", new
        {
            data = new { type = "users", id, attributes = new { username = fixture.Seed.AdminUsername } },
        });

        await AssertJsonApiError(response, HttpStatusCode.Conflict, "/data/attributes/username");
    }

    [Fact]
    public async Task CustomerUser_CreatedAndDisabled_ByAnAdministrator()
    {
        var admin = Admin;
        var email = "c" + Guid.NewGuid().ToString("N")[..12] + "@example.com";
        using var created = await admin.Send(HttpMethod.Post, "/api/customerusers", new
        {
            data = new { type = "customerusers", attributes = new { email, password = "password-1" } },
        });
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/vnd.api+json", created.Content.Headers.ContentType?.MediaType);
        var id = (string)body["data"]!["id"]!;
        Assert.Equal($"/api/customerusers/{id}", created.Headers.Location?.OriginalString);
        await TokenClient.Login(a, fixture.Seed.StorefrontClientId, fixture.Seed.StorefrontSecret, email, "password-1");

        using var patched = await admin.Send(HttpMethod.Patch, $"/api/customerusers/{id}", new
        {
            data = new { type = "customerusers", id, attributes = new { enabled = false } },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        using var got = await admin.Send(HttpMethod.Get, $"/api/customerusers/{id}", null);
        Assert.False((bool)JsonNode.Parse(await got.Content.ReadAsStringAsync())!["data"]!["attributes"]!["enabled"]!);
        using var list = await admin.Send(HttpMethod.Get, "/api/customerusers", null);
        Assert.Contains(email, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A customer user is not a back-office user, and the reverse.
        using var wrongKind = await admin.Send(HttpMethod.Patch, "/api/users/" + id, new { data = new { type = "users", id, attributes = new { enabled = true } } });
        await AssertJsonApiError(wrongKind, HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task RoleTakenAway_AppliesToTheNextRequest()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1", ["administrator"]);
        var token = await admin.AccessToken(username, "password-1");
        using (var allowed = await admin.Send(HttpMethod.Get, "/api/customerusers", null, token))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await admin.PatchUser(id, new { roles = Array.Empty<string>() });

        using var refused = await admin.Send(HttpMethod.Get, "/api/customerusers", null, token);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    public void Dispose() => a.Dispose();

    private static async Task AssertJsonApiError(HttpResponseMessage response, HttpStatusCode status, string? pointer)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!["errors"]![0]!;
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)error["status"]);
        Assert.False(string.IsNullOrEmpty((string?)error["detail"]));
        if (pointer is not null)
        {
            Assert.Equal(pointer, (string?)error["source"]!["pointer"]);
        }
    }
}
