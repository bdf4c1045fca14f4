using System.Net;
using System.Text.Json.Nodes;

namespace OroOrleans.Tests.WebFront.Revocation;

/// <summary>
/// Where features meet: a refresh after an administrator disabled the account (§2.5), and a
/// visitor's shopping list across a token refresh (§7.2).
/// </summary>
[Collection(RevocationCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class CrossFeatureTests(RevocationFixture fixture)
{
    [Fact]
    public async Task Refresh_AfterTheUserWasDisabled_SaysAccountIsDisabled()
    {
        using var http = fixture.A.CreateClient();
        var admin = new AdminClient(http, fixture.Seed);
        var (id, username) = await admin.CreateUser("refresh-Passw0rd!");
        var tokens = await TokenClient.Login(http, fixture.Seed.BackofficeClientId, fixture.Seed.BackofficeSecret, username, "refresh-Passw0rd!");

        await admin.PatchUser(id, new { enabled = false });
        using var refresh = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = fixture.Seed.BackofficeClientId,
            ["client_secret"] = fixture.Seed.BackofficeSecret,
            ["refresh_token"] = (string)tokens["refresh_token"]!,
        });

        await TokenClient.AssertError(refresh, 400, "invalid_grant", hint: "Account is disabled.");
    }

    [Fact]
    public async Task VisitorShoppingList_SurvivesATokenRefresh()
    {
        using var http = fixture.A.CreateClient();
        var guest = await TokenClient.Login(http, fixture.Seed.StorefrontClientId, fixture.Seed.StorefrontSecret, "guest", "guest");
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];
        using (var add = TokenClient.Bearer(HttpMethod.Post, "/storefront/api/shoppinglist/items", (string)guest["access_token"]!))
        {
            add.Content = new StringContent($$"""{"sku":"{{sku}}","quantity":3}""", System.Text.Encoding.UTF8, "application/json");
            using var added = await http.SendAsync(add);
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        using var refreshed = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = fixture.Seed.StorefrontClientId,
            ["client_secret"] = fixture.Seed.StorefrontSecret,
            ["refresh_token"] = (string)guest["refresh_token"]!,
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newAccess = (string)(await TokenClient.Json(refreshed))["access_token"]!;

        using var list = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/storefront/api/shoppinglist", newAccess));
        var items = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["data"]!["attributes"]!["items"]!.AsArray();
        Assert.Contains(items, i => (string?)i!["sku"] == sku && (int?)i["quantity"] == 3);
        // The access token issued with the consumed refresh token no longer works (§3).
        using var old = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/storefront/api/shoppinglist", (string)guest["access_token"]!));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }
}
