using System.Net;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary><c>POST /oauth2-token/revoke</c> over real HTTP (RFC 7009, §4).</summary>
[Collection(FamiliesCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class RevokeEndpointTests(WebFrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.CreateClient();

    [Fact]
    public async Task Revoke_RefreshToken_RevokesTheFamily()
    {
        var login = await LoginJohn(http, seed);

        using var response = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken, "refresh_token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, login.AccessToken));
        using var refresh = await Refresh(http, seed, login.RefreshToken);
        await TokenClient.AssertError(refresh, 400, "invalid_grant", "Token has been revoked");
    }

    [Fact]
    public async Task Revoke_RotatedFamilyByItsAccessToken_JsonWithBasicAuth_RevokesEveryToken()
    {
        var login = await LoginJohn(http, seed);
        var rotated = await Rotate(http, seed, login.RefreshToken);

        // A wrong hint is only a hint (RFC 7009 §2.1).
        using var response = await TokenClient.PostJson(http, new { token = rotated.AccessToken, token_type_hint = "refresh_token" },
            seed.BackofficeClientId, seed.BackofficeSecret, RevokePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, rotated.AccessToken));
        using var refresh = await Refresh(http, seed, rotated.RefreshToken);
        await TokenClient.AssertError(refresh, 400, "invalid_grant", "Token has been revoked");
    }

    [Fact]
    public async Task Revoke_AnotherClientsToken_Answers200_AndRevokesNothing()
    {
        var customer = await Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword);
        var john = await LoginJohn(http, seed);

        using var refresh = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, customer.RefreshToken);
        using var access = await Revoke(http, seed.StorefrontClientId, seed.StorefrontSecret, john.AccessToken);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, john.AccessToken));
        Assert.True((bool)(await IntrospectOk(http, seed.StorefrontClientId, seed.StorefrontSecret, customer.RefreshToken))["active"]!);
        using var rotate = await Refresh(http, seed.StorefrontClientId, seed.StorefrontSecret, customer.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
    }

    [Theory]
    [InlineData("unknown-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoicnQrand0In0.eyJmaWQiOiIwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiIsImdlbiI6MH0.")]
    public async Task Revoke_UnknownOrInvalidToken_Answers200(string token)
    {
        using var response = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Revoke_Twice_Answers200_BothTimes()
    {
        var login = await LoginJohn(http, seed);

        using var first = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, login.RefreshToken);
        using var second = await Revoke(http, seed.BackofficeClientId, seed.BackofficeSecret, login.AccessToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Revoke_WrongSecret_IsInvalidClient_AndRevokesNothing()
    {
        var login = await LoginJohn(http, seed);

        using var body = await Revoke(http, seed.BackofficeClientId, "wrong", login.RefreshToken);
        await TokenClient.AssertError(body, 401, "invalid_client");
        Assert.False(body.Headers.Contains("WWW-Authenticate"));

        using var basic = await TokenClient.PostForm(http, new Dictionary<string, string> { ["token"] = login.AccessToken },
            seed.BackofficeClientId, "wrong", RevokePath);
        await TokenClient.AssertError(basic, 401, "invalid_client");
        Assert.Equal("Basic realm=\"OAuth\"", basic.Headers.WwwAuthenticate.ToString());

        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, login.AccessToken));
    }

    [Fact]
    public async Task Revoke_WithoutClientCredentials_IsInvalidClient()
    {
        var login = await LoginJohn(http, seed);

        using var response = await TokenClient.PostForm(http, new Dictionary<string, string> { ["token"] = login.RefreshToken }, path: RevokePath);

        await TokenClient.AssertError(response, 401, "invalid_client");
    }

    [Fact]
    public async Task Revoke_WithoutToken_IsInvalidRequest()
    {
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["client_id"] = seed.BackofficeClientId,
            ["client_secret"] = seed.BackofficeSecret,
        }, path: RevokePath);

        await TokenClient.AssertError(response, 400, "invalid_request", "Check the `token` parameter");
    }

    [Fact]
    public async Task Revoke_UnsupportedContentType_IsInvalidRequest()
    {
        using var response = await TokenClient.PostRaw(http, "token=x", "text/plain", RevokePath);

        await TokenClient.AssertError(response, 400, "invalid_request", "The request body must be application/json or application/x-www-form-urlencoded");
    }
}
