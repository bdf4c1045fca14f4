using System.Net;
using System.Text;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>The refresh_token grant over real HTTP (§3, §2.5): rotation, and every way a refresh is refused.</summary>
[Collection(FamiliesCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class RefreshGrantTests(WebFrontFixture fixture)
{
    private const string InvalidRefreshToken = "The refresh token is invalid.";
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.CreateClient();

    [Fact]
    public async Task Refresh_Form_ReturnsNewPairOfTheSameFamily_KeepingSubjectAndScope()
    {
        var login = await LoginJohn(http, seed, scope: "read write");

        using var response = await Refresh(http, seed, login.RefreshToken);
        var body = await TokenClient.Json(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int?)body["expires_in"]);

        var oldAccess = Decode(login.AccessToken);
        var newAccess = Decode((string)body["access_token"]!);
        var newRefresh = Decode((string)body["refresh_token"]!);
        Assert.Equal("rt+jwt", newRefresh.Typ);
        Assert.Equal("HS256", newRefresh.Alg);
        Assert.Equal(oldAccess.GetPayloadValue<string>("fid"), newAccess.GetPayloadValue<string>("fid"));
        Assert.Equal(oldAccess.GetPayloadValue<string>("fid"), newRefresh.GetPayloadValue<string>("fid"));
        Assert.Equal(1, newAccess.GetPayloadValue<long>("gen"));
        Assert.Equal(1, newRefresh.GetPayloadValue<long>("gen"));
        Assert.Equal("john", newAccess.Subject);
        Assert.Equal("read write", newAccess.GetPayloadValue<string>("scope"));
        Assert.Equal(oldAccess.GetPayloadValue<string>("uid"), newAccess.GetPayloadValue<string>("uid"));
        Assert.Equal(seed.BackofficeClientId, newAccess.Audiences.Single());
        Assert.NotEqual(oldAccess.Id, newAccess.Id);
    }

    [Fact]
    public async Task Refresh_JsonBodyWithBasicAuth_Works()
    {
        var login = await LoginJohn(http, seed);

        using var response = await TokenClient.PostJson(http, new { grant_type = "refresh_token", refresh_token = login.RefreshToken },
            seed.BackofficeClientId, seed.BackofficeSecret);

        var pair = await Pair(response);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, pair.AccessToken));
    }

    [Fact]
    public async Task Refresh_SupersededAccessToken_IsRejectedByTheApi_TheNewOneAccepted()
    {
        var login = await LoginJohn(http, seed);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, login.AccessToken));

        var rotated = await Rotate(http, seed, login.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, login.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, rotated.AccessToken));
    }

    [Fact]
    public async Task Refresh_ChainOfRotations_EachTokenWorksOnceAndOnlyTheNewestAccessTokenLives()
    {
        var pair = await LoginJohn(http, seed);
        var access = new List<string> { pair.AccessToken };
        for (var i = 0; i < 4; i++)
        {
            pair = await Rotate(http, seed, pair.RefreshToken);
            access.Add(pair.AccessToken);
        }

        Assert.Equal(4, Decode(pair.RefreshToken).GetPayloadValue<long>("gen"));
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, access[^1]));
        foreach (var old in access[..^1])
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, old));
        }
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoicnQrand0In0.eyJmaWQiOiIwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiIsImdlbiI6MH0.")]
    public async Task Refresh_Malformed_CannotDecrypt(string token)
    {
        using var response = await Refresh(http, seed, token);
        await TokenClient.AssertError(response, 400, "invalid_grant", "Cannot decrypt the refresh token", InvalidRefreshToken);
    }

    [Fact]
    public async Task Refresh_AccessTokenPresentedAsRefreshToken_CannotDecrypt()
    {
        var login = await LoginJohn(http, seed);

        using var response = await Refresh(http, seed, login.AccessToken);

        await TokenClient.AssertError(response, 400, "invalid_grant", "Cannot decrypt the refresh token", InvalidRefreshToken);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, login.AccessToken));
    }

    [Fact]
    public async Task Refresh_WrongSignature_CannotDecrypt()
    {
        var first = await LoginJohn(http, seed);
        var second = await LoginJohn(http, seed);
        var parts = first.RefreshToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{second.RefreshToken.Split('.')[2]}";

        using var response = await Refresh(http, seed, forged);

        await TokenClient.AssertError(response, 400, "invalid_grant", "Cannot decrypt the refresh token", InvalidRefreshToken);
    }

    [Fact]
    public async Task Refresh_AlteredClaims_CannotDecrypt()
    {
        var login = await LoginJohn(http, seed);
        var parts = login.RefreshToken.Split('.');
        var payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]));
        var altered = payload.Replace("\"gen\":0", "\"gen\":7", StringComparison.Ordinal);
        Assert.NotEqual(payload, altered);
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(altered)}.{parts[2]}";

        using var response = await Refresh(http, seed, forged);

        await TokenClient.AssertError(response, 400, "invalid_grant", "Cannot decrypt the refresh token", InvalidRefreshToken);
    }

    [Fact]
    public async Task Refresh_AnotherClientsToken_IsNotLinkedToClient_AndStaysUsable()
    {
        var customer = await Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword);

        using var response = await Refresh(http, seed, customer.RefreshToken);

        await TokenClient.AssertError(response, 400, "invalid_grant", "Token is not linked to client", InvalidRefreshToken);
        using var own = await Refresh(http, seed.StorefrontClientId, seed.StorefrontSecret, customer.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Refresh_WrongSecret_IsInvalidClient_WhateverTheToken()
    {
        var login = await LoginJohn(http, seed);

        using var valid = await Refresh(http, seed.BackofficeClientId, "wrong", login.RefreshToken);
        await TokenClient.AssertError(valid, 401, "invalid_client", description: "Client authentication failed");
        using var garbage = await Refresh(http, seed.BackofficeClientId, "wrong", "garbage");
        await TokenClient.AssertError(garbage, 401, "invalid_client", description: "Client authentication failed");

        // The refused request consumed nothing.
        using var after = await Refresh(http, seed, login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Refresh_WrongBasicSecret_IsInvalidClient_WithWwwAuthenticate()
    {
        var login = await LoginJohn(http, seed);

        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = login.RefreshToken,
        }, seed.BackofficeClientId, "wrong");

        await TokenClient.AssertError(response, 401, "invalid_client");
        Assert.Equal("Basic realm=\"OAuth\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Refresh_ClientWithoutPasswordGrant_OrInactive_IsInvalidClient()
    {
        var login = await LoginJohn(http, seed);

        using var machine = await Refresh(http, seed.NoPasswordClientId, seed.NoPasswordSecret, login.RefreshToken);
        await TokenClient.AssertError(machine, 401, "invalid_client");
        using var inactive = await Refresh(http, seed.InactiveClientId, seed.InactiveSecret, login.RefreshToken);
        await TokenClient.AssertError(inactive, 401, "invalid_client");
    }

    [Fact]
    public async Task Refresh_WithoutRefreshToken_IsInvalidRequest()
    {
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = seed.BackofficeClientId,
            ["client_secret"] = seed.BackofficeSecret,
        });

        await TokenClient.AssertError(response, 400, "invalid_request", "Check the `refresh_token` parameter");
    }

    [Fact]
    public async Task RefreshToken_SentAsBearerToken_IsRefusedByTheApi()
    {
        var login = await LoginJohn(http, seed);

        using var request = TokenClient.Bearer(HttpMethod.Get, "/api/users", login.RefreshToken);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }
}
