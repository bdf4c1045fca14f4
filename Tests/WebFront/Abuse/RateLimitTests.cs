using System.Net;
using static OroOrleans.Tests.Infrastructure.StorefrontCalls;

namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>§2.7 over real HTTP: per-IP limits on guest logins and password attempts, 429 with Retry-After and an OAuth body.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TestSeed seed = new();
    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-rl-").FullName;
    private WebFrontProcess server = null!;

    public async Task InitializeAsync()
    {
        server = new WebFrontProcess(Path.Combine(directory, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(directory),
            ["RateLimits__GuestPerIpPerMinute"] = "5",
            ["RateLimits__PasswordPerIpPerMinute"] = "3",
        });
        await server.Start();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task GuestAndPasswordLimits_Answer429_WithRetryAfter_EachOnItsOwnBudget()
    {
        using var http = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await TokenClient.PostJson(http, Guest(seed.StorefrontClientId, seed.StorefrontSecret));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await TokenClient.PostJson(http, Guest(seed.StorefrontClientId, seed.StorefrontSecret)))
        {
            await TokenClient.AssertError(limited, 429, "too_many_requests", hint: "Wait for the time given in Retry-After");
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        }

        // Password attempts have their own budget: right or wrong, three a minute here.
        using (var right = await TokenClient.PostForm(http, Login(seed.CustomerEmail, seed.CustomerPassword)))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await TokenClient.PostForm(http, Login(seed.CustomerEmail, "wrong"));
            await TokenClient.AssertError(wrong, 400, "invalid_grant");
        }

        using (var limited = await TokenClient.PostForm(http, Login(seed.CustomerEmail, seed.CustomerPassword)))
        {
            await TokenClient.AssertError(limited, 429, "too_many_requests", hint: "Wait for the time given in Retry-After");
            Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        }

        // client_credentials is not a login: not limited.
        await ClientCredentials(http, seed.StorefrontServerClientId, seed.StorefrontServerSecret);
    }

    private Dictionary<string, string> Login(string username, string password) => new()
    {
        ["grant_type"] = "password", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
        ["username"] = username, ["password"] = password,
    };
}
