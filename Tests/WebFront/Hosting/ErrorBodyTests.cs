using System.Net;
using System.Text.Json.Nodes;
using OroOrleans.Tests.Infrastructure;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>§8: every non-2xx answer of every route has a JSON body (but the resource APIs' 401); logs echo only well-formed input.</summary>
[Trait("Category", TestCategories.Process)]
[Collection(WebFrontCollection.Name)]
public sealed class ErrorBodyTests(WebFrontFixture fixture)
{
    [Theory]
    [InlineData("GET", "/no-such-page", 404)]
    [InlineData("GET", "/api/no-such-resource", 404)]
    [InlineData("DELETE", "/api/users", 405)]
    [InlineData("GET", "/oauth2-token/revoke", 405)]
    [InlineData("PUT", "/oauth2-token/introspect", 405)]
    [InlineData("GET", "/oauth2-token", 405)]
    public async Task UnknownRoutesAndMethods_AnswerWithAJsonBody(string method, string path, int status)
    {
        using var http = fixture.CreateClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.True(body.ContainsKey("error") || body.ContainsKey("errors"), text);
    }

    [Theory]
    [InlineData("DELETE", "/api/users", "GET, HEAD, POST")]
    [InlineData("PUT", "/api/customerusers/5", "GET, HEAD, PATCH")]
    [InlineData("GET", "/api/signingkeys/rotate", "POST")]
    [InlineData("GET", "/oauth2-token/revoke", "POST")]
    [InlineData("GET", "/oauth2-token", "POST, OPTIONS")]
    public async Task A405_AllowsWhatTheAddressServes_HeadWhereverGetIs(string method, string path, string allowed)
    {
        // RFC 9110 §15.5.6: a 405 lists the methods the resource supports. HEAD is answered wherever GET is, so it is
        // listed with it; routing's own list names GET alone.
        using var http = fixture.CreateClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.GetValues("Allow")));
    }

    [Theory]
    [InlineData(9 * 1024, 0, 414)]
    [InlineData(0, 40 * 1024, 431)]
    public async Task KestrelsOwnRefusals_AreTheOnesWithoutABody(int urlLength, int headerLength, int status)
    {
        // §8's exception: Kestrel refuses a request line over 8 KiB (414) or headers over 32 KiB (431) before any
        // code of ours runs, with an empty body.
        using var http = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users?x=" + new string('a', urlLength));
        if (headerLength > 0)
        {
            request.Headers.Add("X-Large", new string('b', headerLength));
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheResourceApis401_StaysEmpty_WithWwwAuthenticateBearer()
    {
        using var http = fixture.CreateClient();
        using var response = await http.GetAsync(new Uri("/api/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARefusedClientId_IsLoggedOnlyWhenWellFormed_ElseAsAShortHash()
    {
        using var http = fixture.CreateClient();
        var longId = "Z" + new string('q', 3999);
        var wellFormed = "zz" + Guid.NewGuid().ToString("N")[..30];
        foreach (var clientId in new[] { longId, wellFormed })
        {
            using var refused = await TokenClient.PostForm(http, new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = clientId, ["client_secret"] = "s", ["username"] = "u", ["password"] = "p",
            });
            await TokenClient.AssertError(refused, 401, "invalid_client");
        }

        // Log lines leave the process asynchronously.
        for (var i = 0; i < 50 && !fixture.Server.Output.Contains(wellFormed, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        var log = fixture.Server.Output;
        Assert.Contains(wellFormed, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Zqqqqqqqq", log, StringComparison.Ordinal);
        Assert.Contains("malformed:", log, StringComparison.Ordinal);
    }
}
