using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// <c>Guest:Reserve</c> on a real standalone process: guest logins are served tokens signed ahead, which validate
/// at the API, say their true remaining lifetime in <c>expires_in</c>, are never older than the max age, and come
/// with a refresh token of the same visitor and family that rotates. With the reserve off (the default), a
/// guest token is signed at the request and lives the full lifetime.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class GuestReserveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxAgeSeconds = 3;
    private const int Lifetime = 3600;

    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-reserve-").FullName;
    private readonly TestSeed seed = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reserve_ServesAgedTokensWithTheirTrueLifetime_NeverPastMaxAge_AndOffChangesNothing()
    {
        var seedFile = seed.WriteTo(root);
        await using var on = new WebFrontProcess(Path.Combine(root, "on"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seedFile,
            ["RateLimits__Enabled"] = "false",
            ["Guest__Reserve__Enabled"] = "true",
            ["Guest__Reserve__Size"] = "20",
            ["Guest__Reserve__MaxAge"] = $"00:00:0{MaxAgeSeconds}",
            // The test machine is shared: refill whatever this process's load.
            ["Guest__Reserve__IdleBelow"] = "1",
        });
        await using var off = new WebFrontProcess(Path.Combine(root, "off"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seedFile,
            ["RateLimits__Enabled"] = "false",
        });
        await Task.WhenAll(on.Start(), off.Start());
        using var http = on.CreateClient();
        using var plain = off.CreateClient();

        var fresh = await StorefrontCalls.GuestLogin(plain, seed.StorefrontClientId, seed.StorefrontSecret);
        Assert.Equal(Lifetime, (int)fresh["expires_in"]!);
        Assert.InRange(Age(fresh), 0, 2);

        // The first guest login starts the client's pool; then the reserve fills in the background.
        await StorefrontCalls.GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var aged = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(MaxAgeSeconds * 3);
        while (DateTime.UtcNow < deadline)
        {
            var sent = DateTime.UtcNow;
            var login = await StorefrontCalls.GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret);
            var received = DateTime.UtcNow;
            var age = Age(login);
            var expiresIn = (int)login["expires_in"]!;
            output.WriteLine($"served: age {age} s, expires_in {expiresIn}");
            // Never past the max age (1 s of slack: iat and the clock are whole seconds).
            Assert.InRange(age, 0, MaxAgeSeconds + 1);
            // expires_in is what is left of the token's own lifetime when the server answered, some time between
            // sending and receiving (whole seconds: 1 s of slack each side).
            var validTo = StorefrontCalls.Read(login).ValidTo;
            Assert.InRange(expiresIn, (long)(validTo - received).TotalSeconds - 1, (long)(validTo - sent).TotalSeconds + 1);
            aged += expiresIn < Lifetime ? 1 : 0;
            await Task.Delay(300);
        }

        Assert.True(aged > 0, "no token was served from the reserve");

        // A reserved token is a guest token like any other: it works at the API, and its refresh token, made at the
        // request, names the same visitor and family and rotates.
        var guest = await StorefrontCalls.GuestLogin(http, seed.StorefrontClientId, seed.StorefrontSecret);
        var access = StorefrontCalls.Read(guest);
        var refresh = StorefrontCalls.Read(guest, "refresh_token");
        Assert.Equal(access.Subject, refresh.Subject);
        Assert.Equal(access.GetClaim("fid").Value, refresh.GetClaim("fid").Value);
        using (var add = await StorefrontCalls.AddItem(http, (string)guest["access_token"]!, StorefrontCalls.ItemDocument("SKU-R", 1)))
        {
            Assert.True(add.IsSuccessStatusCode, $"{(int)add.StatusCode} {await add.Content.ReadAsStringAsync()}");
        }

        using var rotated = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = seed.StorefrontClientId,
            ["client_secret"] = seed.StorefrontSecret,
            ["refresh_token"] = (string)guest["refresh_token"]!,
        });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var next = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(access.Subject, StorefrontCalls.Read(next).Subject);
        Assert.Equal(1, (await StorefrontCalls.List(http, (string)next["access_token"]!))["SKU-R"]);
    }

    /// <summary>What a guest login needs of its client (<c>GuestLogin.Serves</c>), taken away three ways.</summary>
    [Theory]
    [InlineData("deleted")]
    [InlineData("deactivated")]
    [InlineData("without the password grant")]
    public async Task Reserve_OfAClientThatCanNoLongerBeServed_IsDropped_AndNotRefilled(string change)
    {
        var directory = Path.Combine(root, change.Replace(' ', '-'));
        await using var server = new WebFrontProcess(directory, new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["RateLimits__Enabled"] = "false",
            ["Guest__Reserve__Enabled"] = "true",
            ["Guest__Reserve__Size"] = "20",
            ["Guest__Reserve__IdleBelow"] = "1",
        });
        await server.Start();
        using var http = server.CreateClient();
        var admin = new AdminClient(http, seed);

        // A storefront client of its own, so that the gauge counts its pool alone.
        using var create = await admin.Send(HttpMethod.Post, "/api/oauthapplications", new
        {
            data = new { type = "oauthapplications", attributes = new { name = "Shop", grants = new[] { "password" }, frontend = true } },
        });
        var created = JsonNode.Parse(await create.Content.ReadAsStringAsync())!["data"]!;
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (string)created["id"]!;
        await StorefrontCalls.GuestLogin(http, id, (string)created["attributes"]!["secret"]!);
        // Full, and no fuller: every core refills at once, and none passes the size.
        var full = await WaitForReserve(http, n => n >= 20, TimeSpan.FromSeconds(30));
        output.WriteLine($"reserve before the client was {change}: {full} tokens");
        Assert.Equal(20, full);

        using (var changed = change switch
        {
            "deleted" => await admin.Send(HttpMethod.Delete, $"/api/oauthapplications/{id}", null),
            "deactivated" => await admin.Send(HttpMethod.Patch, $"/api/oauthapplications/{id}",
                new { data = new { type = "oauthapplications", id, attributes = new { active = false } } }),
            // A storefront client holds password or client_credentials, and the latter needs an owner: the seed's.
            _ => await admin.Send(HttpMethod.Patch, $"/api/oauthapplications/{id}", new
            {
                data = new
                {
                    type = "oauthapplications", id,
                    attributes = new { grants = new[] { "client_credentials" }, owner = await SeedsCustomerOwner(admin) },
                },
            }),
        })
        {
            var body = await changed.Content.ReadAsStringAsync();
            Assert.True(changed.IsSuccessStatusCode, $"{(int)changed.StatusCode} {body}");
        }

        // The registration cache forgets within 1 s; the next refill tick drops the pool.
        var started = DateTime.UtcNow;
        var left = await WaitForReserve(http, n => n == 0, TimeSpan.FromSeconds(15));
        var after = (DateTime.UtcNow - started).TotalSeconds;
        output.WriteLine($"reserve {after:F1} s after the client was {change}: {left} tokens");
        Assert.Equal(0, left);
        // And it stays empty: nothing signs for that client any more.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await WaitForReserve(http, _ => true, TimeSpan.FromSeconds(5)));
    }

    /// <summary>The customer who owns the seed's storefront client_credentials client.</summary>
    private async Task<string> SeedsCustomerOwner(AdminClient admin)
    {
        var path = $"/api/oauthapplications/{seed.StorefrontServerClientId}";
        using var response = await admin.Send(HttpMethod.Get, path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["attributes"]!["owner"]!;
    }

    /// <summary>Polls the reserve gauge on <c>/metrics</c> (all clients together) until <paramref name="done"/> holds.</summary>
    private static async Task<int> WaitForReserve(HttpClient http, Func<int, bool> done, TimeSpan timeout) =>
        ReserveTokens(await MetricsScrape.Until(http.BaseAddress!, page => done(ReserveTokens(page)), timeout));

    private static int ReserveTokens(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("oroorleans_guest_reserve_tokens", StringComparison.Ordinal))
        .Sum(line => (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static long Age(JsonObject login) =>
        DateTimeOffset.UtcNow.ToUnixTimeSeconds() - new DateTimeOffset(StorefrontCalls.Read(login).IssuedAt).ToUnixTimeSeconds();
}
