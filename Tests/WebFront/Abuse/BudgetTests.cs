using System.Net;
using OroOrleans.Tests.Infrastructure;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>A server with small budgets (§2.7); each test speaks from its own forwarded addresses.</summary>
public sealed class BudgetServerFixture : WebFrontFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits__Enabled"] = "true",
        ["RateLimits__GuestPerIpPerMinute"] = "4",
        ["RateLimits__PasswordPerIpPerMinute"] = "3",
        ["RateLimits__RefreshPerIpPerMinute"] = "3",
        ["RateLimits__RevokeIntrospectPerIpPerMinute"] = "3",
        ["RateLimits__FailedClientAuthenticationPerIpPerMinute"] = "3",
        ["RateLimits__ClientCredentialsPerClientPerMinute"] = "1000",
        [$"RateLimits__Clients__{Seed.StorefrontClientId}__GuestPerIpPerMinute"] = "6",
    };
}

/// <summary>
/// The budgets of §2.7 over real HTTP: the client's address comes from <c>X-Forwarded-For</c> when the peer is a
/// trusted proxy (loopback by default, which the test process is), IPv6 per /64, each budget on its own.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class BudgetTests(BudgetServerFixture fixture) : IClassFixture<BudgetServerFixture>
{
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.Server.CreateClient();

    [Fact]
    public async Task TwoForwardedAddresses_GetTwoBudgets_AndTheNearestUntrustedHopCounts()
    {
        var a = NewIPv4();
        var b = NewIPv4();
        await SpendPassword(a, 3);
        await AssertLimited(Post(a, Password()));
        Assert.Equal(HttpStatusCode.OK, (await Post(b, Password())).StatusCode);

        // A client's own X-Forwarded-For entry is not believed: the proxy (here, loopback) appended the real one.
        Assert.Equal(HttpStatusCode.OK, (await Post($"{a}, {NewIPv4()}", Password())).StatusCode);
        await AssertLimited(Post($"{NewIPv4()}, {a}", Password()));
    }

    [Fact]
    public async Task IPv6Addresses_AreLimitedPer64()
    {
        var site = $"2001:db8:{Random.Shared.Next(0xffff):x}";
        await SpendPassword($"{site}:1::1", 2);
        await SpendPassword($"{site}:1:2:3:4:5", 1);
        await AssertLimited(Post($"{site}:1::99", Password()));
        // The next /64 is another subscriber.
        await SpendPassword($"{site}:2::1", 1);
    }

    [Fact]
    public async Task FailedClientAuthentication_HasItsOwnBudget_AndNeverBlocksLogins()
    {
        var address = NewIPv4();
        var madeUp = new[] { "not-a-client-id", Guid.NewGuid().ToString("N"), new string('x', 4000) };
        foreach (var clientId in madeUp)
        {
            using var refused = await Post(address, Password(clientId));
            await TokenClient.AssertError(refused, 401, "invalid_client");
        }

        await AssertLimited(Post(address, Password(Guid.NewGuid().ToString("N"))));
        await AssertLimited(Post(address, Password("short")));
        // The address's password budget is untouched: three logins still pass.
        await SpendPassword(address, 3);
    }

    [Fact]
    public async Task SecretGuesses_SpendTheClientsFailures_ThenItsRightSecretIsRefusedToo_AndOtherClientsAreNot()
    {
        var address = NewIPv4();
        var guess = Password();
        guess["client_secret"] = "not-the-secret-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await Post(address, guess);
            await TokenClient.AssertError(wrong, 401, "invalid_client");
        }

        // 429 must not mean "wrong secret": the right one is refused as well, before it is checked.
        await AssertLimited(Post(address, Password()));
        await AssertLimited(Post(address, guess));
        // The client guessed at is refused, not the address: a guest login through another client passes.
        using var guest = await Post(address, Guest());
        Assert.Equal(HttpStatusCode.OK, guest.StatusCode);
        // The same client from another address is not refused.
        using var elsewhere = await Post(NewIPv4(), Password());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task PasswordBudget_HoldsForAttemptsSentAtOnce()
    {
        var address = NewIPv4();
        var attempt = Password();
        attempt["password"] = "wrong-" + Guid.NewGuid().ToString("N");
        attempt["username"] = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Post(address, attempt)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        // Every attempt still in the grains counts against the budget: a budget of 3 answers at most 3 of 20.
        var answered = statuses.Count(s => s != 429);
        Console.WriteLine($"20 password attempts at once on a budget of 3: {answered} answered, {statuses.Count(s => s == 429)} refused 429");
        Assert.True(answered <= 3, $"{answered} of 20 attempts sent at once got past a budget of 3: {string.Join(' ', statuses)}");
        Assert.True(answered >= 1, "no attempt was answered: " + string.Join(' ', statuses));
    }

    [Fact]
    public async Task GuestLogins_HaveTheirBudget_WithAPerClientOverride()
    {
        var address = NewIPv4();
        for (var i = 0; i < 6; i++)
        {
            using var ok = await Post(address, Guest());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await AssertLimited(Post(address, Guest()));
        // Guests spend nothing of the password budget.
        await SpendPassword(address, 3);
    }

    [Fact]
    public async Task RefreshGrants_HaveTheirBudget_RevocationAndIntrospectionShareOne()
    {
        var address = NewIPv4();
        var pair = await Pair(await Post(NewIPv4(), Password()));
        for (var i = 0; i < 3; i++)
        {
            using var refused = await Post(address, new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
                ["refresh_token"] = pair.RefreshToken + "x",
            });
            await TokenClient.AssertError(refused, 400, "invalid_grant", "Cannot decrypt the refresh token");
        }

        await AssertLimited(Post(address, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
            ["refresh_token"] = pair.RefreshToken,
        }));

        var tokenFields = new Dictionary<string, string>
        {
            ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret, ["token"] = pair.AccessToken,
        };
        Assert.Equal(HttpStatusCode.OK, (await Post(address, tokenFields, "/oauth2-token/introspect")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(address, tokenFields, "/oauth2-token/introspect")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(address, tokenFields, "/oauth2-token/revoke")).StatusCode);
        await AssertLimited(Post(address, tokenFields, "/oauth2-token/revoke"));
        await AssertLimited(Post(address, tokenFields, "/oauth2-token/introspect"));
    }

    private static string NewIPv4() => $"198.51.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private async Task SpendPassword(string address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var ok = await Post(address, Password());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    private static async Task AssertLimited(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        await TokenClient.AssertError(response, 429, "too_many_requests", hint: "Wait for the time given in Retry-After");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    private Dictionary<string, string> Password(string? clientId = null) => new()
    {
        ["grant_type"] = "password", ["client_id"] = clientId ?? seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
        ["username"] = seed.UserUsername, ["password"] = seed.UserPassword,
    };

    private Dictionary<string, string> Guest() => new()
    {
        ["grant_type"] = "password", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
        ["username"] = "guest", ["password"] = "guest",
    };

    private async Task<HttpResponseMessage> Post(string forwardedFor, Dictionary<string, string> fields, string path = "/oauth2-token")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await http.SendAsync(request);
    }
}
