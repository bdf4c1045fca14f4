using System.Diagnostics;
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
    public async Task Rotate_ByAdministrator_PublishesTheNewKeyBeforeItSignsAndKeepsOldTokensValid()
    {
        using var http = fixture.A.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var before = await admin.AdminToken();
        var jwksBefore = JsonNode.Parse(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)))!["keys"]!.AsArray().Select(k => (string)k!["kid"]!).ToList();

        using var rotated = await admin.Send(HttpMethod.Post, "/api/signingkeys/rotate", null);
        var body = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!["data"]!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var active = (string)body["id"]!;
        var published = body["attributes"]!["published"]!.AsArray().Select(k => (string)k!).ToList();
        var after = await admin.AccessToken(fixture.Seed.AdminUsername, fixture.Seed.AdminPassword);
        Assert.Contains(new JsonWebToken(before).Kid, jwksBefore);
        Assert.Contains(active, published);
        Assert.Contains(new JsonWebToken(before).Kid, published);
        Assert.NotEqual(new JsonWebToken(before).Kid, active);
        // A key made by the rotation signs only once it has been published for 2 minutes (§6).
        if (!jwksBefore.Contains(active))
        {
            Assert.NotEqual(active, new JsonWebToken(after).Kid);
        }

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

    [Fact]
    public async Task Revoke_ActiveKey_LeavesTheJwks_AndItsTokensFailOnEveryFrontEndWithinOneSecond()
    {
        using var http = fixture.A.CreateClient();
        using var other = fixture.B.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var token = await admin.AdminToken();
        var kid = new JsonWebToken(token).Kid;
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(other, token));

        using var revoked = await admin.Send(HttpMethod.Post, $"/api/signingkeys/{kid}/revoke", null, token);
        var watch = Stopwatch.StartNew();
        var body = JsonNode.Parse(await revoked.Content.ReadAsStringAsync())!["data"]!;
        var atA = await AdminClient.Probe(http, token);
        var atB = await AdminClient.Probe(other, token);
        while (atB == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            atB = await AdminClient.Probe(other, token);
        }

        var refusedAfter = watch.Elapsed;
        Console.WriteLine($"revoked key {kid}: refused at the other front end after {refusedAfter.TotalMilliseconds:F0} ms");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotEqual(kid, (string)body["attributes"]!["active"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, atA);
        Assert.Equal(HttpStatusCode.Unauthorized, atB);
        Assert.True(refusedAfter < TimeSpan.FromSeconds(1.5), $"the other front end took {refusedAfter} to refuse");
        Assert.DoesNotContain(kid, await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)), StringComparison.Ordinal);
        var fresh = await admin.AccessToken(fixture.Seed.AdminUsername, fixture.Seed.AdminPassword);
        Assert.NotEqual(kid, new JsonWebToken(fresh).Kid);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(other, fresh));
    }

    [Fact]
    public async Task Revoke_UnknownKey_404_AndByNonAdministrator_403()
    {
        using var http = fixture.A.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var user = await admin.AccessToken(fixture.Seed.UserUsername, fixture.Seed.UserPassword);

        using var unknown = await admin.Send(HttpMethod.Post, "/api/signingkeys/no-such-key/revoke", null);
        using var forbidden = await admin.Send(HttpMethod.Post, $"/api/signingkeys/{new JsonWebToken(user).Kid}/revoke", null, user);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
