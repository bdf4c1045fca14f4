using System.Net;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>Account lockout over real HTTP (§5, §2.5), on a server that locks after three wrong passwords.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class LockoutTests(LockoutServerFixture fixture) : IClassFixture<LockoutServerFixture>
{
    private const string WrongCredentials = "The user credentials were incorrect.";
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.Server.CreateClient();

    [Fact]
    public async Task WrongPasswords_LockTheAccount_WhichOnlyTheCorrectPasswordLearns_AndItsRefreshIsRefused()
    {
        var before = await LoginJohn(http, seed);
        for (var i = 0; i < LockoutServerFixture.MaxFailedAttempts; i++)
        {
            using var wrong = await Password(seed.UserUsername, "wrong-" + i);
            await TokenClient.AssertError(wrong, 400, "invalid_grant", null, WrongCredentials);
        }

        // No status leak: a wrong password on a locked account reads exactly like any wrong password.
        using var wrongWhileLocked = await Password(seed.UserUsername, "still-wrong");
        await TokenClient.AssertError(wrongWhileLocked, 400, "invalid_grant", null, WrongCredentials);

        using var correct = await Password(seed.UserUsername, seed.UserPassword);
        await TokenClient.AssertError(correct, 400, "invalid_grant", "Account is locked.");

        // On refresh the account's status is checked first (§2.5).
        using var refresh = await Refresh(http, seed, before.RefreshToken);
        await TokenClient.AssertError(refresh, 400, "invalid_grant", "Account is locked.");
    }

    [Fact]
    public async Task ASuccessfulLogin_ResetsTheCounter()
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < LockoutServerFixture.MaxFailedAttempts - 1; i++)
            {
                using var wrong = await Password(seed.AdminUsername, "wrong");
                await TokenClient.AssertError(wrong, 400, "invalid_grant", null, WrongCredentials);
            }

            using var correct = await Password(seed.AdminUsername, seed.AdminPassword);
            Assert.Equal(HttpStatusCode.OK, correct.StatusCode);
        }
    }

    [Fact]
    public async Task UnknownUsers_AreNeverLocked_AndAnswerLikeWrongPasswords()
    {
        for (var i = 0; i < LockoutServerFixture.MaxFailedAttempts + 1; i++)
        {
            using var response = await Password("nobody-" + Guid.NewGuid().ToString("N"), "whatever");
            await TokenClient.AssertError(response, 400, "invalid_grant", null, WrongCredentials);
        }
    }

    private Task<HttpResponseMessage> Password(string username, string password) =>
        TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = seed.BackofficeClientId,
            ["client_secret"] = seed.BackofficeSecret,
            ["username"] = username,
            ["password"] = password,
        });
}
