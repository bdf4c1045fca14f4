using System.Net;
using System.Text.Json.Nodes;
using static OroOrleans.Tests.Infrastructure.StorefrontCalls;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>The storefront API over real HTTP (§7.2), the guest-to-customer move (§2.4) and the application boundary (§7).</summary>
[Collection(StorefrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class StorefrontApiTests(StorefrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;

    /// <summary>§7: a token of the other application (or none) gets 401, empty body, <c>WWW-Authenticate: Bearer</c> (with <c>error="invalid_token"</c> when a token was presented).</summary>
    [Theory]
    [InlineData("guest", "GET", "/storefront/api/me", 200)]
    [InlineData("customer", "GET", "/storefront/api/me", 200)]
    [InlineData("storefront-client-credentials", "GET", "/storefront/api/me", 200)]
    [InlineData("guest", "GET", "/storefront/api/shoppinglist", 200)]
    [InlineData("backoffice", "GET", "/storefront/api/me", 401)]
    [InlineData("backoffice", "GET", "/storefront/api/shoppinglist", 401)]
    [InlineData("backoffice", "POST", "/storefront/api/shoppinglist/items", 401)]
    [InlineData("backoffice-client-credentials", "GET", "/storefront/api/me", 401)]
    [InlineData("none", "GET", "/storefront/api/me", 401)]
    [InlineData("none", "GET", "/storefront/api/me?include=customer", 401)]
    [InlineData("backoffice", "GET", "/storefront/api/shoppinglist?sort=sku", 401)]
    [InlineData("garbage", "GET", "/storefront/api/me", 401)]
    [InlineData("refresh", "GET", "/storefront/api/me", 401)]
    [InlineData("guest", "GET", "/api/users", 401)]
    [InlineData("customer", "GET", "/api/users", 401)]
    [InlineData("storefront-client-credentials", "GET", "/api/users", 401)]
    [InlineData("backoffice", "GET", "/api/users", 200)]
    public async Task Apis_AcceptOnlyTheirOwnApplicationsTokens(string tokenKind, string method, string path, int status)
    {
        using var http = fixture.CreateClient();
        var token = await TokenOf(http, tokenKind);
        using var request = TokenClient.Bearer(new HttpMethod(method), path, token);
        if (method == "POST")
        {
            request.Content = new StringContent(ItemDocument("SKU-" + Guid.NewGuid().ToString("N")[..8], 1), System.Text.Encoding.UTF8, "application/vnd.api+json");
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        if (status == 401)
        {
            // RFC 6750 §3.1: an error code only when a token was presented.
            Assert.Equal(tokenKind == "none" ? "Bearer" : "Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Me_ShowsTheVisitorOrTheCustomerUser()
    {
        using var http = fixture.CreateClient();
        var guest = Read(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret));
        var visitor = await Get(http, "/storefront/api/me", guest.EncodedToken);
        Assert.Equal("visitors", (string?)visitor["data"]!["type"]);
        Assert.Equal(guest.Subject["visitor:".Length..], (string?)visitor["data"]!["id"]);

        var customer = await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail.ToUpperInvariant(), seed.CustomerPassword);
        var me = await Get(http, "/storefront/api/me", (string)customer["access_token"]!);
        Assert.Equal("customerusers", (string?)me["data"]!["type"]);
        Assert.Equal(seed.CustomerEmail, (string?)me["data"]!["attributes"]!["email"]);
    }

    [Fact]
    public async Task ShoppingList_TakesJsonApiAndPlainJson_AndAddsUpOneSku()
    {
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        Assert.Empty(await List(http, token));

        using (var first = await AddItem(http, token, ItemDocument("ABC-1", 2)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal("application/vnd.api+json", first.Content.Headers.ContentType?.MediaType);
            var line = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["data"]!;
            Assert.Equal("shoppinglistitems", (string?)line["type"]);
            Assert.Equal(2, (int)line["attributes"]!["quantity"]!);
        }

        using (var plain = await AddItem(http, token, """{"sku":"ABC-1","quantity":3}""", "application/json"))
        {
            Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        }

        using (var other = await AddItem(http, token, """{"sku":"Größe 42 – 青","quantity":10000}""", "application/json"))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        Assert.Equal(new Dictionary<string, int> { ["ABC-1"] = 5, ["Größe 42 – 青"] = 10_000 }, await List(http, token));

        // Another visitor has a list of its own.
        var other2 = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        Assert.Empty(await List(http, other2));
    }

    [Theory]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"","quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"   ","quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A\u0001B","quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A\nB","quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"\ud800","quantity":1}}}""", "")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":12,"quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"quantity":1}}}""", "/data/attributes/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":0}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":10001}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":-1}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":1.5}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":"3"}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A"}}}""", "/data/attributes/quantity")]
    [InlineData("""{"data":{"type":"products","attributes":{"sku":"A","quantity":1}}}""", "/data/type")]
    [InlineData("""{"data":{"type":"shoppinglistitems"}}""", "/data/attributes")]
    [InlineData("""{"data":[]}""", "/data")]
    [InlineData("""{"sku":"A","quantity":100000000000}""", "/quantity")]
    [InlineData("""{"sku":null,"quantity":1}""", "/sku")]
    [InlineData("""[1,2]""", "")]
    [InlineData("""{"sku":"A",""", "")]
    // A repeated member is refused, never "last one wins" (§7.2).
    [InlineData("""{"sku":"A","sku":"B","quantity":1}""", "/sku")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":1}},"data":{"type":"shoppinglistitems","attributes":{"sku":"B","quantity":1}}}""", "/data")]
    [InlineData("""{"data":{"type":"shoppinglistitems","type":"shoppinglistitems","attributes":{"sku":"A","quantity":1}}}""", "/data/type")]
    [InlineData("""{"data":{"type":"shoppinglistitems","attributes":{"sku":"A","quantity":1,"quantity":2}}}""", "/data/attributes/quantity")]
    public async Task ShoppingList_RefusesBadItems_NamingTheField_AndKeepsTheList(string body, string pointer)
    {
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        using (var good = await AddItem(http, token, ItemDocument("KEEP", 1)))
        {
            Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        }

        using var response = await AddItem(http, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!["errors"]![0]!;
        Assert.Equal("400", (string?)error["status"]);
        Assert.Equal(pointer, (string?)error["source"]!["pointer"]);
        Assert.Equal(new Dictionary<string, int> { ["KEEP"] = 1 }, await List(http, token));
    }

    [Theory]
    [InlineData("Application/JSON", 201)]
    [InlineData("APPLICATION/VND.API+JSON", 201)]
    [InlineData("application/Json; charset=UTF-8", 201)]
    [InlineData("application/json; charset=iso-8859-1", 415)]
    [InlineData("application/vnd.api+json; charset=\"UTF-16\"", 415)]
    public async Task ShoppingList_MediaType_InAnyLetterCase_InUtf8Only(string contentType, int status)
    {
        // RFC 9110 §8.3.1: type and subtype are case-insensitive, as the back-office API already reads them. The body
        // is read as UTF-8 only (RFC 8259 §8.1): a Latin-1 'ö' read as UTF-8 would be stored as U+FFFD, so another
        // charset is 415 and adds nothing.
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        var body = contentType.Contains("vnd", StringComparison.OrdinalIgnoreCase) ? ItemDocument("CASE-1", 1) : """{"sku":"CASE-1","quantity":1}""";

        using var response = await AddItem(http, token, body, contentType);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, text);
        if (status == 415)
        {
            Assert.Equal("415", (string?)JsonNode.Parse(text)!["errors"]![0]!["status"]);
            Assert.Contains("UTF-8", text, StringComparison.Ordinal);
        }

        Assert.Equal(status == 201 ? new Dictionary<string, int> { ["CASE-1"] = 1 } : [], await List(http, token));
    }

    [Theory]
    [InlineData("GET", "/storefront/api/me?include=customer", "include")]
    [InlineData("GET", "/storefront/api/shoppinglist?fields[shoppinglists]=items", "fields[shoppinglists]")]
    [InlineData("POST", "/storefront/api/shoppinglist/items?sort=sku", "sort")]
    public async Task Storefront_AQueryParameter_Is400NamingIt_AndAddsNothing(string method, string path, string parameter)
    {
        // JSON:API: a server MUST refuse an include or sort it does not support; the storefront routes take none.
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        using var request = TokenClient.Bearer(new HttpMethod(method), path, token);
        if (method == "POST")
        {
            request.Content = new StringContent(ItemDocument("QUERY-1", 1), System.Text.Encoding.UTF8, "application/vnd.api+json");
        }

        using var response = await http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal(parameter, (string?)JsonNode.Parse(text)!["errors"]![0]!["source"]!["parameter"]);
        Assert.Empty(await List(http, token));
    }

    [Fact]
    public async Task ShoppingList_ClientGeneratedId_Is403_AsInTheBackOfficeApi()
    {
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;

        using var response = await AddItem(http, token, """{"data":{"type":"shoppinglistitems","id":"OTHER","attributes":{"sku":"A","quantity":1}}}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, text);
        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!["errors"]![0]!;
        Assert.Equal("403", (string?)error["status"]);
        Assert.Equal("client-generated id", (string?)error["title"]);
        Assert.Equal("/data/id", (string?)error["source"]!["pointer"]);
        Assert.Empty(await List(http, token));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public async Task ShoppingList_SkuLength_IsAtMost64(int length, bool accepted)
    {
        using var http = fixture.CreateClient();
        var token = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        using var response = await AddItem(http, token, ItemDocument(new string('x', length), 1));
        Assert.Equal(accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CustomerLogin_WithVisitorToken_MovesTheItemsOnce()
    {
        using var http = fixture.CreateClient();
        var visitor = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
        var sku = "MOVE-" + Guid.NewGuid().ToString("N")[..10];
        using (await AddItem(http, visitor, ItemDocument(sku, 7)))
        {
        }

        var before = await CustomerList(http, null);
        var after = await CustomerList(http, visitor);
        Assert.Equal(before.GetValueOrDefault(sku) + 7, after[sku]);
        Assert.Empty(await List(http, visitor));

        // The same visitor token again (a retried login): nothing moves twice.
        var again = await CustomerList(http, visitor);
        Assert.Equal(after, again);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ2aXNpdG9yOjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwIn0.")]
    [InlineData("backoffice")]
    [InlineData("customer")]
    [InlineData("other-storefront-client")]
    [InlineData("tampered")]
    [InlineData("revoked")]
    [InlineData("superseded")]
    public async Task CustomerLogin_WithBadVisitorToken_IsLoggedIgnoredAndSucceeds(string kind)
    {
        using var http = fixture.CreateClient();
        var sku = "STAY-" + Guid.NewGuid().ToString("N")[..10];
        string visitorToken;
        string? visitorOfOtherClient = null;
        switch (kind)
        {
            case "backoffice":
                visitorToken = (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;
                break;
            case "customer":
                visitorToken = (string)(await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword))["access_token"]!;
                break;
            case "other-storefront-client":
                visitorToken = (string)(await GuestLogin(http, fixture.OtherStorefrontClientId, fixture.OtherStorefrontSecret))["access_token"]!;
                visitorOfOtherClient = visitorToken;
                using (await AddItem(http, visitorToken, ItemDocument(sku, 1)))
                {
                }

                break;
            case "tampered":
                var genuine = (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!;
                using (await AddItem(http, genuine, ItemDocument(sku, 1)))
                {
                }

                var parts = genuine.Split('.');
                visitorToken = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];
                break;
            case "revoked" or "superseded":
                // §2.4: a genuine guest token, revoked (RFC 7009) or superseded by a refresh since, moves nothing.
                var guest = await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret);
                visitorToken = (string)guest["access_token"]!;
                using (await AddItem(http, visitorToken, ItemDocument(sku, 1)))
                {
                }

                using (var revoked = kind == "revoked"
                    ? await FamilyClient.Revoke(http, seed.StorefrontClientId, seed.StorefrontSecret, visitorToken, "access_token")
                    : await TokenClient.PostForm(http, new Dictionary<string, string>
                    {
                        ["grant_type"] = "refresh_token", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
                        ["refresh_token"] = (string)guest["refresh_token"]!,
                    }))
                {
                    Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
                }

                break;
            default:
                visitorToken = kind;
                break;
        }

        var list = await CustomerList(http, visitorToken);
        Assert.False(list.ContainsKey(sku));
        if (visitorOfOtherClient is not null)
        {
            Assert.Equal(1, (await List(http, visitorOfOtherClient))[sku]);
        }

        var ignored = kind is "revoked" or "superseded" ? $"Ignored the visitor_access_token of a login to client {seed.StorefrontClientId}: revoked" : "Ignored the visitor_access_token";
        await WaitFor(() => fixture.Server.Output.Contains(ignored, StringComparison.Ordinal));
        Assert.DoesNotContain(visitorToken.Length > 20 ? visitorToken[^20..] : "never-logged-" + visitorToken, fixture.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuingGuestTokens_WritesNothingDurable()
    {
        using var http = fixture.CreateClient();
        await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret);
        var before = StorageRows.Read(fixture.DatabasePath);
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            using var response = await TokenClient.PostJson(http, Guest(seed.StorefrontClientId, seed.StorefrontSecret));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var after = StorageRows.Read(fixture.DatabasePath);

        // The only writes allowed are the per-client issuance counters, flushed once a second in this fixture.
        var changed = after.Where(r => !before.TryGetValue(r.Key, out var version) || version != r.Value).ToList();
        Assert.All(changed, r => Assert.StartsWith("client/", r.Key, StringComparison.Ordinal));
        var counterWrites = changed.Sum(r => r.Value - before.GetValueOrDefault(r.Key));
        Assert.True(counterWrites <= seconds + 3, $"{counterWrites} counter flushes in {seconds:F1} s");
        Assert.DoesNotContain(after.Keys, k => k.StartsWith("shopping-list/visitor:", StringComparison.Ordinal) && !before.ContainsKey(k));
    }

    private async Task<Dictionary<string, int>> CustomerList(HttpClient http, string? visitorToken)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
            ["username"] = seed.CustomerEmail, ["password"] = seed.CustomerPassword,
        };
        if (visitorToken is not null)
        {
            fields["visitor_access_token"] = visitorToken;
        }

        using var response = await TokenClient.PostJson(http, fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return await List(http, (string)JsonNode.Parse(text)!["access_token"]!);
    }

    private async Task<string?> TokenOf(HttpClient http, string kind) => kind switch
    {
        "none" => null,
        "garbage" => "not.a.token",
        "guest" => (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["access_token"]!,
        "refresh" => (string)(await GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret))["refresh_token"]!,
        "customer" => (string)(await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword))["access_token"]!,
        "backoffice" => (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!,
        "storefront-client-credentials" => (string)(await ClientCredentials(http, seed.StorefrontServerClientId, seed.StorefrontServerSecret))["access_token"]!,
        "backoffice-client-credentials" => (string)(await ClientCredentials(http, seed.BackofficeClientId, seed.BackofficeSecret))["access_token"]!,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static async Task<JsonNode> Get(HttpClient http, string path, string token)
    {
        using var request = TokenClient.Bearer(HttpMethod.Get, path, token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
