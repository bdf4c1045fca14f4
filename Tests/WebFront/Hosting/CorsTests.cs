using System.Net;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>Browsers calling the token endpoint (§2.8): preflight, the allowed origin echoed on success and error.</summary>
[Collection(WebFrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class CorsTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Preflight_AllowedOrigin_AnsweredWithOriginMethodsHeadersAndMaxAge()
    {
        using var http = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/oauth2-token");
        request.Headers.Add("Origin", WebFrontFixture.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(WebFrontFixture.AllowedOrigin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("content-type", Single(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("600", Single(response, "Access-Control-Max-Age"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_OtherOrigin_GetsNoAllowOrigin()
    {
        using var http = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/oauth2-token");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await http.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TokenRequest_FromAllowedOrigin_EchoesTheOriginOnSuccessAndError(bool rightPassword)
    {
        using var http = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2-token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = fixture.Seed.StorefrontClientId,
                ["client_secret"] = fixture.Seed.StorefrontSecret,
                ["username"] = fixture.Seed.CustomerEmail,
                ["password"] = rightPassword ? fixture.Seed.CustomerPassword : "wrong",
            }),
        };
        request.Headers.Add("Origin", WebFrontFixture.AllowedOrigin);
        using var response = await http.SendAsync(request);

        Assert.Equal(rightPassword ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WebFrontFixture.AllowedOrigin, Single(response, "Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);
}
