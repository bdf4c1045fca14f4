using System.Net;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>§7.1 administration over real HTTP: who may, what a bad document answers, and what the changes do.</summary>
[Collection(RevocationCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class UserAdministrationTests(RevocationFixture fixture) : IDisposable
{
    private readonly HttpClient a = fixture.A.CreateClient();

    /// <summary>§7.1's limit on a request document.</summary>
    private const int JsonApiBodyLimit = 64 * 1024;

    private AdminClient Admin => new(a, fixture.Seed);

    [Theory]
    [InlineData("POST", "/api/users")]
    [InlineData("PATCH", "/api/users/1")]
    [InlineData("GET", "/api/customerusers")]
    [InlineData("POST", "/api/customerusers")]
    [InlineData("GET", "/api/customerusers/1000000001")]
    [InlineData("PATCH", "/api/customerusers/1000000001")]
    [InlineData("PATCH", "/api/oauthapplications/x")]
    [InlineData("GET", "/api/customerusers?sort=email")]
    [InlineData("GET", "/api/oauthapplications/0123456789abcdef0123456789abcdef?include=owner")]
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
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x9\n","email":"x9@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x10\u0000","email":"x10@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x\u200b11","email":"x11@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x12\u202e","email":"x12@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x13","email":"x13@example.com\n","password":"password-1"}}}""", 400, "/data/attributes/email")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x14\ud800","email":"x14@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"x15","email":"x15@example.com","password":"pass\udc00word-1"}}}""", 400, "/data/attributes/password")]
    [InlineData("""{"data":{"type":"users\ud800","attributes":{}}}""", 400, "/data")]
    // A repeated member is refused, never "last one wins": the second data made an administrator (§7.1).
    [InlineData("""{"data":{"type":"users","attributes":{"username":"dup1","email":"dup1@example.com","password":"password-1"}},"data":{"type":"users","attributes":{"username":"dup1a","email":"dup1a@example.com","password":"password-1","roles":["administrator"]}}}""", 400, "/data")]
    [InlineData("""{"data":{"type":"customerusers","type":"users","attributes":{"username":"dup2","email":"dup2@example.com","password":"password-1"}}}""", 400, "/data/type")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"dup3","username":"dup3a","email":"dup3@example.com","password":"password-1"}}}""", 400, "/data/attributes/username")]
    [InlineData("""{"data":{"type":"users","attributes":{"username":"dup4","email":"dup4@example.com","password":"password-1"},"meta":{"a/b~":1,"a/b~":2}}}""", 400, "/data/meta/a~1b~0")]
    public async Task BadUserDocument_IsAJsonApiErrorNamingTheMember(string document, int status, string pointer)
    {
        using var response = await Admin.Send(HttpMethod.Post, "/api/users", document);

        await AssertJsonApiError(response, (HttpStatusCode)status, pointer);
    }

    [Theory]
    [InlineData("""{"data":{"type":"users","id":"2","attributes":{"enabled":false}}}""", 409, "/data/id")]
    [InlineData("""{"data":{"type":"users","attributes":{"enabled":false}}}""", 400, "/data/id")]
    [InlineData("""{"data":{"type":"users","id":"1","attributes":{"locked":"yes"}}}""", 400, "/data/attributes/locked")]
    [InlineData("""{"data":{"type":"users","id":"1","attributes":{"password":"1234567"}}}""", 400, "/data/attributes/password")]
    public async Task BadPatchDocument_IsAJsonApiErrorNamingTheMember(string document, int status, string pointer)
    {
        using var response = await Admin.Send(HttpMethod.Patch, "/api/users/1", document);

        await AssertJsonApiError(response, (HttpStatusCode)status, pointer);
    }

    [Theory]
    [InlineData(JsonApiBodyLimit + 1)]
    [InlineData(40 * 1024 * 1024)]
    public async Task ChunkedBodyOverTheLimit_IsInvalidDocument_NotA500(int length)
    {
        // No Content-Length (curl -H 'Transfer-Encoding: chunked'): the reader must stop at the limit itself. Kestrel
        // refuses a body over 30 MB while it is read, which escaped as a 500 after the whole body had been copied
        // into memory. Sent over a socket of our own: the answer comes while the body is still being sent, which
        // HttpClient reports as a broken pipe instead of the answer.
        var answer = await ChunkedPost(a.BaseAddress!, "/api/users", await Admin.AdminToken(), length);

        Assert.True(answer.Status == 400, $"{answer.Status}: {answer.Body}");
        Assert.Equal("application/vnd.api+json", answer.ContentType);
        var error = JsonNode.Parse(answer.Body)!["errors"]![0]!;
        Assert.Equal("invalid document", (string?)error["title"]);
        Assert.Equal("", (string?)error["source"]!["pointer"]);
        // The server stopped reading at the limit: it answered long before a 40 MB body could have been sent.
        Assert.True(answer.SentWhenAnswered < 16 * 1024 * 1024, $"{answer.SentWhenAnswered} bytes sent before the answer");
    }

    private static async Task<(int Status, string? ContentType, string Body, long SentWhenAnswered)> ChunkedPost(Uri server, string path, string token, long length)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/vnd.api+json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        long sent = 0;
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            var chunk = System.Text.Encoding.ASCII.GetBytes("4000\r\n" + new string('a', 0x4000) + "\r\n");
            try
            {
                for (; sent < length && !stop.IsCancellationRequested; sent += 0x4000)
                {
                    await stream.WriteAsync(chunk, stop.Token);
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The server answered and closed: what is left unsent stays unsent.
            }
        });

        // The answer, its head and its chunked (or Content-Length) body.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        long sentWhenAnswered = -1;
        while (true)
        {
            var n = await stream.ReadAsync(buffer, deadline.Token);
            if (sentWhenAnswered < 0)
            {
                sentWhenAnswered = Interlocked.Read(ref sent);
            }

            received.AddRange(buffer.AsSpan(0, n).ToArray());
            var text = System.Text.Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lines = text[..end].Split("\r\n");
                var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
                var rest = text[(end + 4)..];
                string? body = null;
                if (headers.TryGetValue("Content-Length", out var declared))
                {
                    body = rest.Length >= int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) ? rest : null;
                }
                else if (rest.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
                {
                    var decoded = new System.Text.StringBuilder();
                    for (var at = 0; ;)
                    {
                        var sizeEnd = rest.IndexOf("\r\n", at, StringComparison.Ordinal);
                        var size = Convert.ToInt32(rest[at..sizeEnd], 16);
                        if (size == 0)
                        {
                            break;
                        }

                        decoded.Append(rest, sizeEnd + 2, size);
                        at = sizeEnd + 2 + size + 2;
                    }

                    body = decoded.ToString();
                }

                if (body is not null || n == 0)
                {
                    await stop.CancelAsync();
                    client.Close();
                    await sending;
                    return (int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers.GetValueOrDefault("Content-Type")?.Split(';')[0], body ?? rest, sentWhenAnswered);
                }
            }
            else if (n == 0)
            {
                throw new IOException("closed without an answer: " + text);
            }
        }
    }

    [Theory]
    [InlineData("GET", "/api/users?filter[username]=admin", "filter[username]")]
    [InlineData("GET", "/api/users?sort=username", "sort")]
    [InlineData("GET", "/api/users?page[size]=5&include=roles", "include")]
    [InlineData("GET", "/api/customerusers?filter[email]=a@example.com&sort=-email", "sort")]
    [InlineData("GET", "/api/customerusers?fields[customerusers]=email", "fields[customerusers]")]
    [InlineData("GET", "/api/oauthapplications?filter[name]=shop", "filter[name]")]
    [InlineData("GET", "/api/oauthapplications?page[size]=1", "page[size]")]
    [InlineData("GET", "/api/users/1?include=roles", "include")]
    [InlineData("GET", "/api/customerusers/1000000001?fields[customerusers]=email", "fields[customerusers]")]
    [InlineData("GET", "/api/oauthapplications/0123456789abcdef0123456789abcdef?include=owner", "include")]
    [InlineData("HEAD", "/api/users/1?sort=id", "sort")]
    [InlineData("POST", "/api/customerusers?include=x", "include")]
    [InlineData("PATCH", "/api/users/1?page[size]=1", "page[size]")]
    [InlineData("POST", "/api/signingkeys/rotate?kid=mine", "kid")]
    public async Task AnUnsupportedQueryParameter_Is400NamingIt_BeforeActing(string method, string path, string parameter)
    {
        // JSON:API: a server MUST refuse an include or sort it does not support, on a list as on a single resource; a
        // filter it ignored would answer the whole list to a client that believes it filtered. A write is refused
        // before it acts (the rotation and the creation below never happen).
        var document = method is "POST" or "PATCH"
            ? new { data = new { type = "customerusers", attributes = new { email = $"query-{Guid.NewGuid():N}@example.com", password = "Query-parameter-1" } } }
            : null;
        var rotation = path.StartsWith("/api/signingkeys/rotate", StringComparison.Ordinal);
        var before = rotation ? await RotateKeys() : 0;
        using var response = await Admin.Send(new HttpMethod(method), path, document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (method != "HEAD")
        {
            await AssertJsonApiError(response, HttpStatusCode.BadRequest, null);
            Assert.Equal(parameter, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["source"]!["parameter"]);
        }

        if (rotation)
        {
            // The refused request rotated nothing: the next rotation is the one right after the one before it.
            Assert.Equal(before + 1, await RotateKeys());
        }

        if (document is not null)
        {
            using var found = await Admin.Send(HttpMethod.Get, $"/api/customerusers?filter[email]={document.data.attributes.email}", null);
            Assert.Empty(JsonNode.Parse(await found.Content.ReadAsStringAsync())!["data"]!.AsArray());
        }
    }

    [Theory]
    [InlineData("text/plain", 415)]
    [InlineData("application/vnd.api+json; charset=windows-1252", 415)]
    [InlineData("application/json; charset=\"latin1\"", 415)]
    [InlineData("Application/Vnd.Api+Json; charset=UTF-8", 201)]
    [InlineData("application/json;charset=\"utf8\";", 201)]
    public async Task ADocumentsMediaType_IsJsonInUtf8_OrA415ThatCreatesNothing(string contentType, int status)
    {
        // The body is read as UTF-8 only (RFC 8259 §8.1); another charset is refused, not read as UTF-8 and stored.
        var email = $"charset-{Guid.NewGuid():N}@example.com";
        using var request = TokenClient.Bearer(HttpMethod.Post, "/api/customerusers", await Admin.AdminToken());
        request.Content = new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { data = new { type = "customerusers", attributes = new { email, password = "Charset-check-1" } } }), System.Text.Encoding.UTF8);
        // As sent, even where HttpClient's parser would refuse it (a trailing ';').
        request.Content.Headers.Remove("Content-Type");
        Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        using var response = await a.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        using var found = await Admin.Send(HttpMethod.Get, $"/api/customerusers?filter[email]={email}", null);
        Assert.Equal(status == 201 ? 1 : 0, JsonNode.Parse(await found.Content.ReadAsStringAsync())!["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/api/users?page[size]=5&page[number]=1")]
    [InlineData("/api/users?filter[email]=nobody@example.com")]
    [InlineData("/api/customerusers?page[number]=2")]
    [InlineData("/api/oauthapplications")]
    [InlineData("/api/users/1?_=1764650000000")]
    public async Task RoutesWithTheirOwnQueryParameters_Answer200(string path)
    {
        using var response = await Admin.Send(HttpMethod.Get, path, null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/users?page[size]=2", true, 200)]
    [InlineData("/api/users", false, 401)]
    [InlineData("/api/users/1?sort=x", false, 401)]
    [InlineData("/api/customerusers?sort=email", true, 400)]
    [InlineData("/api/signingkeys/rotate", true, 405)]
    [InlineData("/.well-known/jwks.json", false, 200)]
    public async Task Head_AnswersAsGetDoes_WithoutABody(string path, bool withToken, int status)
    {
        // RFC 9110 §9.3.2: HEAD works wherever GET does; minimal APIs map GET alone, so HEAD was a 405 everywhere.
        var token = withToken ? await Admin.AdminToken() : null;
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var expected = await a.SendAsync(get);

        // Over a socket of our own, to see that no body follows the head.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(a.BaseAddress!.Host, a.BaseAddress.Port);
        var stream = client.GetStream();
        var authorization = token is null ? "" : $"Authorization: Bearer {token}\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HEAD {path} HTTP/1.1\r\nHost: {a.BaseAddress.Authority}\r\n{authorization}Connection: close\r\n\r\n"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        await stream.CopyToAsync(received, deadline.Token);
        var text = System.Text.Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);

        Assert.True(end > 0, text);
        var lines = text[..end].Split("\r\n");
        Assert.Equal(status, (int)expected.StatusCode);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0].Split(' ')[1]);
        Assert.Equal("", text[(end + 4)..]);
        var contentType = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).SingleOrDefault();
        Assert.Equal(expected.Content.Headers.ContentType?.ToString(), contentType);
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
        using var list = await admin.Send(HttpMethod.Get, "/api/customerusers?filter[email]=" + Uri.EscapeDataString(email.ToUpperInvariant()), null);
        var found = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(found)!["id"]);
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

    [Fact]
    public async Task AnotherSpellingOfAUserId_NamesNoUser_AndOwnsNoClient()
    {
        // "0<id>" is the same stored row as "<id>" to Orleans' storage, in another activation that the change under
        // "<id>" never reaches: a disabled administrator stayed an administrator under it (§4, §7.1).
        var admin = Admin;
        var (id, _) = await admin.CreateUser("password-1", ["administrator"]);
        foreach (var path in new[] { $"/api/users/0{id}", $"/api/users/00{id}" })
        {
            var alias = path.Split('/')[^1];
            using var got = await admin.Send(HttpMethod.Get, path, null);
            await AssertJsonApiError(got, HttpStatusCode.NotFound, null);
            using var patched = await admin.Send(HttpMethod.Patch, path, new { data = new { type = "users", id = alias, attributes = new { enabled = false } } });
            await AssertJsonApiError(patched, HttpStatusCode.NotFound, null);
            // The read route and the administration route say it in the same words.
            foreach (var answer in new[] { got, patched })
            {
                Assert.Equal($"No users with id '{alias}'.", (string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["errors"]![0]!["detail"]);
            }
        }

        using var backdoor = await admin.Send(HttpMethod.Post, "/api/oauthapplications", new
        {
            data = new { type = "oauthapplications", attributes = new { name = "backdoor", grants = new[] { "client_credentials" }, owner = "0" + id } },
        });
        await AssertJsonApiError(backdoor, HttpStatusCode.BadRequest, "/data/attributes/owner");
    }

    public void Dispose() => a.Dispose();

    [Fact]
    public async Task CustomerUsers_ArePagedAsOroPagesThem()
    {
        var admin = Admin;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await admin.Send(HttpMethod.Post, "/api/customerusers", new
            {
                data = new { type = "customerusers", attributes = new { email = $"paged-{Guid.NewGuid():N}@example.com", password = "password-1" } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["id"]!);
        }

        // Ids are decimal and a page covers a run of them: the page holding the first new account, one per page.
        var number = long.Parse(ids[0], System.Globalization.CultureInfo.InvariantCulture) - 1_000_000_000;
        using var page = await admin.Send(HttpMethod.Get, $"/api/customerusers?page[number]={number}&page[size]=1", null);
        var body = JsonNode.Parse(await page.Content.ReadAsStringAsync())!;
        Assert.Equal(ids[0], (string?)Assert.Single(body["data"]!.AsArray())!["id"]);
        var next = (string)body["links"]!["next"]!;
        Assert.Equal($"/api/customerusers?page%5Bnumber%5D={number + 1}&page%5Bsize%5D=1", next);
        using var following = await admin.Send(HttpMethod.Get, next, null);
        Assert.Equal(ids[1], (string?)Assert.Single(JsonNode.Parse(await following.Content.ReadAsStringAsync())!["data"]!.AsArray())!["id"]);

        using var firstPage = await admin.Send(HttpMethod.Get, "/api/customerusers", null);
        Assert.InRange(JsonNode.Parse(await firstPage.Content.ReadAsStringAsync())!["data"]!.AsArray().Count, 1, 10);
        foreach (var bad in new[] { "page[size]=101", "page[size]=0", "page[number]=0", "page[number]=x" })
        {
            using var refused = await admin.Send(HttpMethod.Get, "/api/customerusers?" + bad, null);
            await AssertJsonApiError(refused, HttpStatusCode.BadRequest, null);
            Assert.Equal(bad[..bad.IndexOf('=', StringComparison.Ordinal)], (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!["source"]!["parameter"]);
        }
    }

    [Fact]
    public async Task UsernamesAndEmails_AreStoredNfcNormalised()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var decomposed = "jose\u0301" + suffix;
        using var response = await Admin.Send(HttpMethod.Post, "/api/users",
            "{\"data\":{\"type\":\"users\",\"attributes\":{\"username\":\"" + decomposed + "\",\"email\":\"" + decomposed + "@example.com\",\"password\":\"password-1\"}}}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var attributes = JsonNode.Parse(text)!["data"]!["attributes"]!;
        Assert.Equal("jos\u00e9" + suffix, (string?)attributes["username"]);
        Assert.Equal("jos\u00e9" + suffix + "@example.com", (string?)attributes["email"]);
    }

    [Fact]
    public async Task DecomposedSpellingOfAnEmail_LogsIn_AndIsFoundByTheFilter()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var composed = "jos\u00e9" + suffix + "@example.com";
        var decomposed = "jose\u0301" + suffix + "@example.com";
        using var created = await Admin.Send(HttpMethod.Post, "/api/customerusers", new
        {
            data = new { type = "customerusers", attributes = new { email = composed, password = "password-1" } },
        });
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["id"]!;

        var login = await TokenClient.Login(a, fixture.Seed.StorefrontClientId, fixture.Seed.StorefrontSecret, decomposed, "password-1");
        Assert.False(string.IsNullOrEmpty((string?)login["access_token"]));
        using var found = await Admin.Send(HttpMethod.Get, "/api/customerusers?filter[email]=" + Uri.EscapeDataString(decomposed), null);
        var data = JsonNode.Parse(await found.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(data)!["id"]);
    }

    [Fact]
    public async Task NamesWithCharactersBeyondTheBasicPlane_AreAccepted_LogIn_AndAreFound()
    {
        // An internationalised address may hold any character (RFC 6531), and Oro's utf8mb4 columns store an emoji
        // like any other: its surrogate pair is judged as the character it encodes, not refused for being a pair.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = "\U0001F6D2shop-" + suffix + "@\U00020000.example";
        var username = "\U0001F600-" + suffix;
        using var customer = await Admin.Send(HttpMethod.Post, "/api/customerusers", new
        {
            data = new { type = "customerusers", attributes = new { email, password = "password-1" } },
        });
        Assert.Equal(HttpStatusCode.Created, customer.StatusCode);
        var id = (string)JsonNode.Parse(await customer.Content.ReadAsStringAsync())!["data"]!["id"]!;
        using var user = await Admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username, email = "u-" + suffix + "@example.com", password = "password-1" } },
        });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);

        var customerLogin = await TokenClient.Login(a, fixture.Seed.StorefrontClientId, fixture.Seed.StorefrontSecret, email, "password-1");
        Assert.False(string.IsNullOrEmpty((string?)customerLogin["access_token"]), customerLogin.ToJsonString());
        var userLogin = await TokenClient.Login(a, fixture.Seed.BackofficeClientId, fixture.Seed.BackofficeSecret, username, "password-1");
        Assert.False(string.IsNullOrEmpty((string?)userLogin["access_token"]), userLogin.ToJsonString());
        using var found = await Admin.Send(HttpMethod.Get, "/api/customerusers?filter[email]=" + Uri.EscapeDataString(email), null);
        var data = JsonNode.Parse(await found.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal(email, (string?)Assert.Single(data)!["attributes"]!["email"]);
        Assert.Equal(id, (string?)data[0]!["id"]);
    }

    [Fact]
    public async Task UsernameEqualToAnotherUsersEmail_Is409_AndTheOwnerStillLogsInByEmail()
    {
        var admin = Admin;
        using var shadow = await admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username = fixture.Seed.UserEmail, email = $"shadow-{Guid.NewGuid():N}@example.com", password = "shadow-password" } },
        });
        await AssertJsonApiError(shadow, HttpStatusCode.Conflict, "/data/attributes/username");

        var (id, username) = await admin.CreateUser("password-1");
        using var renamed = await admin.Send(HttpMethod.Patch, $"/api/users/{id}", new
        {
            data = new { type = "users", id, attributes = new { username = fixture.Seed.UserEmail.ToUpperInvariant() } },
        });
        await AssertJsonApiError(renamed, HttpStatusCode.Conflict, "/data/attributes/username");
        var mailLike = $"m-{Guid.NewGuid():N}@example.com";
        using var mailLikeUser = await admin.Send(HttpMethod.Post, "/api/users", new
        {
            data = new { type = "users", attributes = new { username = mailLike, email = "other-" + mailLike, password = "password-1" } },
        });
        Assert.Equal(HttpStatusCode.Created, mailLikeUser.StatusCode);
        using var email = await admin.Send(HttpMethod.Patch, $"/api/users/{id}", new
        {
            data = new { type = "users", id, attributes = new { email = mailLike } },
        });
        await AssertJsonApiError(email, HttpStatusCode.Conflict, "/data/attributes/email");

        // john's email is still his login name, and only his password opens it.
        var login = await TokenClient.Login(a, fixture.Seed.BackofficeClientId, fixture.Seed.BackofficeSecret, fixture.Seed.UserEmail, fixture.Seed.UserPassword);
        Assert.False(string.IsNullOrEmpty((string?)login["access_token"]));
        using var other = await TokenClient.PostForm(a, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = fixture.Seed.BackofficeClientId,
            ["client_secret"] = fixture.Seed.BackofficeSecret,
            ["username"] = fixture.Seed.UserEmail,
            ["password"] = "shadow-password",
        });
        await TokenClient.AssertError(other, 400, "invalid_grant");
        await admin.AccessToken(username, "password-1");
    }

    [Theory]
    [InlineData("users", "filter[email]=")]
    [InlineData("users", "filter[email]=no-at-sign")]
    [InlineData("users", "filter[email]=a%00b@example.com")]
    [InlineData("customerusers", "filter[email]=a%0Ab@example.com")]
    [InlineData("customerusers", "filter[email]=a%E2%80%AEb@example.com")]
    [InlineData("customerusers", "filter[email]=a@example.com&filter[email]=b@example.com")]
    [InlineData("customerusers", "filter[email]=LONG")]
    public async Task FilterEmail_ThatCannotBeAnEmail_Is400NamingTheParameter(string type, string query)
    {
        query = query.Replace("LONG", new string('a', 7 * 1024) + "@example.com", StringComparison.Ordinal);
        using var response = await Admin.Send(HttpMethod.Get, $"/api/{type}?{query}", null);

        await AssertJsonApiError(response, HttpStatusCode.BadRequest, null);
        Assert.Equal("filter[email]", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["source"]!["parameter"]);
    }

    /// <summary>Rotates the signing keys (tokens of either key stay valid) and returns the ring's new version.</summary>
    private async Task<long> RotateKeys()
    {
        using var response = await Admin.Send(HttpMethod.Post, "/api/signingkeys/rotate", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (long)JsonNode.Parse(text)!["data"]!["attributes"]!["version"]!;
    }

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
