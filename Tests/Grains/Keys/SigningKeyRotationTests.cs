using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>Manual key rotation through the admin API (§6): no token stops working, new tokens use the new key.</summary>
[Collection(RevocationCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class SigningKeyRotationTests(RevocationFixture fixture)
{
    [Fact]
    public async Task Rotate_ByAdministrator_PromotesThePublishedNextKeyAndKeepsOldTokensValid()
    {
        using var http = fixture.A.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var before = await admin.AdminToken();
        var jwksBefore = JsonNode.Parse(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)))!["keys"]!.AsArray().Select(k => (string)k!["kid"]!).ToList();

        using var rotated = await admin.Send(HttpMethod.Post, "/api/signingkeys/rotate", null);
        var body = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!["data"]!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var active = (string)body["id"]!;
        Assert.Contains(active, jwksBefore);
        Assert.NotEqual(new JsonWebToken(before).Kid, active);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, before));
        using var other = fixture.B.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(other, before));
    }

    [Fact]
    public async Task Rotate_ByNonAdministrator_403()
    {
        using var http = fixture.A.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var user = await admin.AccessToken(fixture.Seed.UserUsername, fixture.Seed.UserPassword);

        using var response = await admin.Send(HttpMethod.Post, "/api/signingkeys/rotate", null, user);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
