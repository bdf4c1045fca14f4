using System.Net;
using System.Text.Json.Nodes;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary><c>POST /oauth2-token/introspect</c> over real HTTP (RFC 7662, §4).</summary>
[Collection(FamiliesCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class IntrospectionEndpointTests(WebFrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.CreateClient();

    [Fact]
    public async Task Introspect_ActiveAccessToken_DescribesIt()
    {
        var login = await LoginJohn(http, seed, scope: "read");
        var jwt = Decode(login.AccessToken);

        using var response = await Introspect(http, seed.BackofficeClientId, seed.BackofficeSecret, login.AccessToken);
        var body = await TokenClient.Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.True((bool)body["active"]!);
        Assert.Equal(seed.BackofficeClientId, (string?)body["client_id"]);
        Assert.Equal("john", (string?)body["sub"]);
        Assert.Equal("read", (string?)body["scope"]);
        Assert.Equal(jwt.GetPayloadValue<long>("exp"), (long)body["exp"]!);
        Assert.Equal(jwt.GetPayloadValue<long>("iat"), (long)body["iat"]!);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal("access_token", (string?)body["token_use"]);
        Assert.Equal("backoffice", (string?)body["app"]);
    }

    [Fact]
    public async Task Introspect_ActiveRefreshToken_JsonWithBasicAuth_DescribesIt()
    {
        var customer = await Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword);
        var jwt = Decode(customer.RefreshToken);

        using var response = await TokenClient.PostJson(http, new { token = customer.RefreshToken, token_type_hint = "refresh_token" },
            seed.StorefrontClientId, seed.StorefrontSecret, IntrospectPath);
        var body = await TokenClient.Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)body["active"]!);
        Assert.Equal(seed.StorefrontClientId, (string?)body["client_id"]);
        Assert.Equal(seed.CustomerEmail, (string?)body["sub"]);
        Assert.Equal(jwt.GetPayloadValue<long>("exp"), (long)body["exp"]!);
        Assert.Null(body["token_type"]);
        Assert.Equal("refresh_token", (string?)body["token_use"]);
        Assert.Equal("storefront", (string?)body["app"]);
    }

    [Fact]
    public async Task Introspect_AfterRotation_ConsumedRefreshAndSupersededAccessAreInactive_NewPairActive()
    {
        var login = await LoginJohn(http, seed);
        var rotated = await Rotate(http, seed, login.RefreshToken);

        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken);
        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, login.AccessToken);
        Assert.True((bool)(await IntrospectOk(http, seed.BackofficeClientId, seed.BackofficeSecret, rotated.RefreshToken))["active"]!);
        Assert.True((bool)(await IntrospectOk(http, seed.BackofficeClientId, seed.BackofficeSecret, rotated.AccessToken))["active"]!);
    }

    [Fact]
    public async Task Introspect_RevokedFamily_IsInactive()
    {
        var login = await LoginJohn(http, seed);
        using var revoke = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken);
        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, login.AccessToken);
    }

    [Fact]
    public async Task Introspect_AnotherClientsTokens_AreInactive()
    {
        var john = await LoginJohn(http, seed);

        await AssertInactive(seed.StorefrontClientId, seed.StorefrontSecret, john.AccessToken);
        await AssertInactive(seed.StorefrontClientId, seed.StorefrontSecret, john.RefreshToken);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoicnQrand0In0.eyJmaWQiOiIwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiIsImdlbiI6MH0.")]
    public async Task Introspect_InvalidToken_IsInactive(string token) =>
        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, token);

    [Fact]
    public async Task Introspect_TamperedTokens_AreInactive()
    {
        var first = await LoginJohn(http, seed);
        var second = await LoginJohn(http, seed);

        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, Swap(first.AccessToken, second.AccessToken));
        await AssertInactive(seed.BackofficeClientId, seed.BackofficeSecret, Swap(first.RefreshToken, second.RefreshToken));

        static string Swap(string token, string signatureOf) => token[..token.LastIndexOf('.')] + signatureOf[signatureOf.LastIndexOf('.')..];
    }

    [Fact]
    public async Task Introspect_WrongSecret_IsInvalidClient()
    {
        var login = await LoginJohn(http, seed);

        using var access = await Introspect(http, seed.BackofficeClientId, "wrong", login.AccessToken);
        await TokenClient.AssertError(access, 401, "invalid_client");
        using var refresh = await Introspect(http, seed.BackofficeClientId, "wrong", login.RefreshToken);
        await TokenClient.AssertError(refresh, 401, "invalid_client");
    }

    [Fact]
    public async Task Metadata_AdvertisesRevocationAndIntrospection()
    {
        var body = JsonNode.Parse(await http.GetStringAsync("/.well-known/oauth-authorization-server"))!.AsObject();

        Assert.Equal(fixture.Server.Issuer + RevokePath, (string?)body["revocation_endpoint"]);
        Assert.Equal(fixture.Server.Issuer + IntrospectPath, (string?)body["introspection_endpoint"]);
        Assert.Contains("refresh_token", body["grant_types_supported"]!.AsArray().Select(n => (string?)n));
    }

    private async Task AssertInactive(string clientId, string secret, string token)
    {
        using var response = await Introspect(http, clientId, secret, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"active\":false}", await response.Content.ReadAsStringAsync());
    }
}
