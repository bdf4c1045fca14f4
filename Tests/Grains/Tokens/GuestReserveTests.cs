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

    private static long Age(JsonObject login) =>
        DateTimeOffset.UtcNow.ToUnixTimeSeconds() - new DateTimeOffset(StorefrontCalls.Read(login).IssuedAt).ToUnixTimeSeconds();
}
