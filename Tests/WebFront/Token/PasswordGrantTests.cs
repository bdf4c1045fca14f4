using System.Net;
using System.Text;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>The password grant on back-office clients over real HTTP (§2.1–§2.3, §2.5).</summary>
[Collection(WebFrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class PasswordGrantTests(WebFrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;

    [Fact]
    public async Task Password_FormBodyWithClientSecretPost_IssuesTokens()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, Form(seed.AdminUsername, seed.AdminPassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
        var body = await TokenClient.Json(response);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int?)body["expires_in"]);
        Assert.False(string.IsNullOrEmpty((string?)body["access_token"]));
        Assert.False(string.IsNullOrEmpty((string?)body["refresh_token"]));
    }

    [Fact]
    public async Task Password_JsonBody_IssuesTokens()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostJson(http, new
        {
            grant_type = "password",
            client_id = seed.BackofficeClientId,
            client_secret = seed.BackofficeSecret,
            username = seed.AdminUsername,
            password = seed.AdminPassword,
            unknown_member = new { ignored = true },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((string?)(await TokenClient.Json(response))["access_token"]);
    }

    [Fact]
    public async Task Password_HttpBasicClientAuthentication_IssuesTokens()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = seed.AdminUsername,
            ["password"] = seed.AdminPassword,
        }, seed.BackofficeClientId, seed.BackofficeSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Password_BodyCredentialsWinOverBasic()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, Form(seed.AdminUsername, seed.AdminPassword), seed.BackofficeClientId, "wrong-secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Password_LoginByEmailCaseInsensitive_IssuesTokenWithUsernameSubject()
    {
        using var http = fixture.CreateClient();
        var body = await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminEmail.ToUpperInvariant(), seed.AdminPassword);

        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken((string)body["access_token"]!);
        Assert.Equal(seed.AdminUsername, token.Subject);
    }

    [Theory]
    [InlineData("nobody", "whatever")]
    [InlineData("admin", "wrong-password")]
    [InlineData("Amanda@Example.com", "customer-password")]
    public async Task Password_WrongCredentials_InvalidGrantWithOneText(string username, string password)
    {
        using var http = fixture.CreateClient();
        // The customer user's real password on a back-office client is still "incorrect": the applications never mix.
        var actualPassword = username == seed.CustomerEmail ? seed.CustomerPassword : password;
        using var response = await TokenClient.PostForm(http, Form(username, actualPassword));

        await TokenClient.AssertError(response, 400, "invalid_grant", hint: null, description: "The user credentials were incorrect.");
    }

    [Theory]
    [InlineData(0xFFFE)] // a noncharacter: String.Normalize threw on it, and the grant answered 500
    [InlineData(0x1F6D2)] // an emoji: a name like any other, of no account here
    public async Task Password_AUsernameNoAccountCanHold_IsAnUnknownUser(int character)
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, Form("a" + char.ConvertFromUtf32(character), "whatever"));

        await TokenClient.AssertError(response, 400, "invalid_grant", hint: null, description: "The user credentials were incorrect.");
    }

    [Fact]
    public async Task Password_DisabledUserWithCorrectPassword_HintSaysDisabled()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, Form(seed.DisabledUsername, seed.DisabledPassword));

        await TokenClient.AssertError(response, 400, "invalid_grant", hint: "Account is disabled.");
    }

    [Fact]
    public async Task Password_DisabledUserWithWrongPassword_RevealsNothing()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, Form(seed.DisabledUsername, "not-the-password"));

        await TokenClient.AssertError(response, 400, "invalid_grant", hint: null, description: "The user credentials were incorrect.");
    }

    public static TheoryData<string, string> BadClients => new()
    {
        { "unknown-client-id", "whatever" },
        { "wrong-secret", "" },
        { "inactive", "" },
        { "grant-not-allowed", "" },
    };

    [Theory]
    [MemberData(nameof(BadClients))]
    public async Task Password_BadClient_InvalidClient401(string which, string _)
    {
        var (id, secret) = which switch
        {
            "unknown-client-id" => ("00000000000000000000000000000000", "whatever-secret"),
            "wrong-secret" => (seed.BackofficeClientId, "wrong-secret"),
            "inactive" => (seed.InactiveClientId, seed.InactiveSecret),
            _ => (seed.NoPasswordClientId, seed.NoPasswordSecret),
        };
        using var http = fixture.CreateClient();
        var form = Form(seed.AdminUsername, seed.AdminPassword);
        form["client_id"] = id;
        form["client_secret"] = secret;
        using var response = await TokenClient.PostForm(http, form);

        await TokenClient.AssertError(response, 401, "invalid_client", description: "Client authentication failed");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Password_BadClientViaBasic_InvalidClientWithWwwAuthenticate()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = seed.AdminUsername,
            ["password"] = seed.AdminPassword,
        }, seed.BackofficeClientId, "wrong-secret");

        await TokenClient.AssertError(response, 401, "invalid_client");
        Assert.Equal("Basic realm=\"OAuth\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Password_InvalidClientWinsOverWrongPassword()
    {
        using var http = fixture.CreateClient();
        var form = Form(seed.AdminUsername, "wrong-password");
        form["client_secret"] = "wrong-secret";
        using var response = await TokenClient.PostForm(http, form);

        await TokenClient.AssertError(response, 401, "invalid_client");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("authorization_code")]
    [InlineData("")]
    public async Task GrantType_MissingOrUnknown_UnsupportedGrantType(string? grantType)
    {
        using var http = fixture.CreateClient();
        var form = Form(seed.AdminUsername, seed.AdminPassword);
        form.Remove("grant_type");
        if (grantType is not null)
        {
            form["grant_type"] = grantType;
        }

        using var response = await TokenClient.PostForm(http, form);

        await TokenClient.AssertError(response, 400, "unsupported_grant_type", hint: "Check that all required parameters have been provided");
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    [InlineData("client_id")]
    public async Task Password_MissingParameter_InvalidRequestNamingIt(string parameter)
    {
        using var http = fixture.CreateClient();
        var form = Form(seed.AdminUsername, seed.AdminPassword);
        form.Remove(parameter);
        using var response = await TokenClient.PostForm(http, form);

        await TokenClient.AssertError(response, 400, "invalid_request", hint: $"Check the `{parameter}` parameter");
    }

    [Fact]
    public async Task Form_DuplicatedField_InvalidRequest()
    {
        using var http = fixture.CreateClient();
        var body = $"grant_type=password&client_id={seed.BackofficeClientId}&client_secret={seed.BackofficeSecret}&username=a&username=b&password=x";
        using var response = await TokenClient.PostRaw(http, body, "application/x-www-form-urlencoded");

        await TokenClient.AssertError(response, 400, "invalid_request", hint: "Check the `username` parameter");
    }

    [Fact]
    public async Task DuplicatedFieldWithAnUnprintableName_IsNamedByAHash_InTheAnswerAndTheLog()
    {
        using var http = fixture.CreateClient();
        var marker = "FORGED-" + Guid.NewGuid().ToString("N");
        var name = $"x\ninfo: {marker}\u001b[31m";
        var body = $"grant_type=password&client_id={seed.BackofficeClientId}&{Uri.EscapeDataString(name)}=1&{Uri.EscapeDataString(name)}=2";
        using var response = await TokenClient.PostRaw(http, body, "application/x-www-form-urlencoded");

        var hashed = OroOrleans.WebFront.Token.LoggedClientId.Malformed(name);
        Assert.Matches("^malformed:[0-9a-f]{12}$", hashed);
        await TokenClient.AssertError(response, 400, "invalid_request", hint: $"Check the `{hashed}` parameter");
        // The refusal is logged (event 3001) with its hint: the name must not reach the log as sent.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!fixture.Server.Output.Contains(hashed, StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Contains(hashed, fixture.Server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, fixture.Server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "grant_type=password")]
    [InlineData("application/xml", "<grant_type>password</grant_type>")]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", "[\"grant_type\"]")]
    [InlineData("application/json", "{\"grant_type\":\"password\"} trailing")]
    [InlineData("application/json", "{\"grant_type\":\"password\",\"username\":42}")]
    [InlineData("application/json", "{\"grant_type\":\"password\",\"grant_type\":\"password\"}")]
    public async Task Body_MalformedOrWrongType_InvalidRequest(string contentType, string body)
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostRaw(http, body, contentType);

        var error = await TokenClient.AssertError(response, 400, "invalid_request", hint: ExpectedHint(body, contentType));
        Assert.NotNull(error["error_description"]);
    }

    [Fact]
    public async Task Body_Over16KiB_InvalidRequest()
    {
        using var http = fixture.CreateClient();
        var body = "grant_type=password&username=" + new string('a', 17 * 1024);
        using var response = await TokenClient.PostRaw(http, body, "application/x-www-form-urlencoded");

        await TokenClient.AssertError(response, 400, "invalid_request", hint: "The request body must not exceed 16384 bytes");
    }

    [Fact]
    public async Task Body_Over16KiBWithoutContentLength_InvalidRequest()
    {
        using var http = fixture.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("grant_type=password&username=" + new string('a', 17 * 1024));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2-token") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);

        await TokenClient.AssertError(response, 400, "invalid_request", hint: "The request body must not exceed 16384 bytes");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    [InlineData("OPTIONS")]
    public async Task OtherMethods_405_AllowingPostAndOptionsOnly(string method)
    {
        using var http = fixture.CreateClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/oauth2-token"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST", "OPTIONS"], response.Content.Headers.Allow);
        // Nothing says what the server runs on.
        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task Basic_Malformed_InvalidClientWithWwwAuthenticate()
    {
        using var http = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2-token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "a", ["password"] = "b" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
        using var response = await http.SendAsync(request);

        await TokenClient.AssertError(response, 401, "invalid_client");
        Assert.Equal("Basic realm=\"OAuth\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Basic_UrlEncodedCredentials_AreDecoded()
    {
        // A secret with characters that RFC 6749 §2.3.1 form-encodes must survive the round trip; the seeded
        // secret has none, so a wrong decoding of '%2D' ('-') would fail authentication.
        using var http = fixture.CreateClient();
        var raw = seed.BackofficeClientId + ":" + seed.BackofficeSecret.Replace("-", "%2D", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2-token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = seed.AdminUsername, ["password"] = seed.AdminPassword }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string ExpectedHint(string body, string contentType) => (contentType, body) switch
    {
        ("application/json", var b) when b.Contains("42", StringComparison.Ordinal) => "Check the `username` parameter",
        ("application/json", var b) when b.Split("grant_type").Length > 2 => "Check the `grant_type` parameter",
        ("application/json", var b) when b.StartsWith('[') => "The request body must be a JSON object",
        ("application/json", _) => "The request body is not valid JSON",
        _ => "The request body must be application/json or application/x-www-form-urlencoded",
    };

    private Dictionary<string, string> Form(string username, string password) => new()
    {
        ["grant_type"] = "password",
        ["client_id"] = seed.BackofficeClientId,
        ["client_secret"] = seed.BackofficeSecret,
        ["username"] = username,
        ["password"] = password,
    };
}
