using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>Account lockout and locks over real HTTP (§5, §2.5, §4), on a server that locks after three wrong passwords.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class LockoutTests(LockoutServerFixture fixture, ITestOutputHelper output) : IClassFixture<LockoutServerFixture>
{
    private const string WrongCredentials = "The user credentials were incorrect.";
    private const string UserPassword = "password-of-the-test";
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.Server.CreateClient();
    private AdminClient Admin => new(http, seed);

    [Fact]
    public async Task AutomaticLockout_AnswersEvenTheCorrectPasswordGenerically_AndEndsNoSession()
    {
        var (id, username) = await Admin.CreateUser(UserPassword);
        var before = await Login(http, seed.BackofficeClientId, seed.BackofficeSecret, username, UserPassword);
        await GuessWrong(username, LockoutServerFixture.MaxFailedAttempts);

        // No oracle: while the lockout lasts the correct password reads exactly like a wrong one (no hint).
        using var correct = await Password(username, UserPassword);
        await TokenClient.AssertError(correct, 400, "invalid_grant", null, WrongCredentials);

        // Whoever knows a username cannot end its owner's sessions: the access token and the refresh still work.
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, before.AccessToken, id));
        var rotated = await Rotate(http, seed, before.RefreshToken);

        // An administrator's unlock ends the lockout at once.
        await Admin.PatchUser(id, new { locked = false });
        using var after = await Password(username, UserPassword);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(http, rotated.AccessToken, id));
    }

    [Fact]
    public async Task AdministratorLock_RevokesTheAccountsTokens_AndIsToldOnlyForTheCorrectPassword()
    {
        var (id, username) = await Admin.CreateUser(UserPassword);
        var before = await Login(http, seed.BackofficeClientId, seed.BackofficeSecret, username, UserPassword);

        await Admin.PatchUser(id, new { locked = true });
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(http, before.AccessToken, id));
        using (var refresh = await Refresh(http, seed, before.RefreshToken))
        {
            await TokenClient.AssertError(refresh, 400, "invalid_grant", "Account is locked.");
        }

        using (var wrong = await Password(username, "not-the-password"))
        {
            await TokenClient.AssertError(wrong, 400, "invalid_grant", null, WrongCredentials);
        }

        using (var correct = await Password(username, UserPassword))
        {
            await TokenClient.AssertError(correct, 400, "invalid_grant", "Account is locked.");
        }

        // Unlocking revives no token (§4), but a new login works.
        await Admin.PatchUser(id, new { locked = false });
        using (var old = await Refresh(http, seed, before.RefreshToken))
        {
            await TokenClient.AssertError(old, 400, "invalid_grant", "Token has been revoked");
        }

        using var fresh = await Password(username, UserPassword);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Theory]
    [InlineData("enabled", false, "Account is disabled.")]
    [InlineData("locked", true, "Account is locked.")]
    public async Task GuessesOnADisabledOrLockedAccount_CountTowardTheLockout_AndAnUnlockResetsTheCounter(string attribute, bool value, string hint)
    {
        var (id, username) = await Admin.CreateUser(UserPassword);
        await Admin.PatchUser(id, new Dictionary<string, object> { [attribute] = value });
        await GuessWrong(username, LockoutServerFixture.MaxFailedAttempts);

        // The guesses locked the account: the status hint is no longer earned, even by the correct password.
        using (var locked = await Password(username, UserPassword))
        {
            await TokenClient.AssertError(locked, 400, "invalid_grant", null, WrongCredentials);
        }

        // "locked: false" ends the lockout (and the administrator's lock) and resets the counter.
        await Admin.PatchUser(id, new { locked = false });
        await GuessWrong(username, LockoutServerFixture.MaxFailedAttempts - 1);
        using var told = await Password(username, UserPassword);
        if (attribute == "locked")
        {
            Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        }
        else
        {
            await TokenClient.AssertError(told, 400, "invalid_grant", hint);
        }
    }

    [Fact]
    public async Task ASuccessfulLogin_ResetsTheCounter()
    {
        for (var round = 0; round < 3; round++)
        {
            await GuessWrong(seed.AdminUsername, LockoutServerFixture.MaxFailedAttempts - 1);
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

    [Fact]
    public async Task ALockedAccount_AnswersInAHashsTime_LikeAnUnknownName()
    {
        var (_, username) = await Admin.CreateUser(UserPassword);
        await GuessWrong(username, LockoutServerFixture.MaxFailedAttempts);

        // Alternated, so that the machine's noise falls on both alike. The locked account computes no hash (§5); its
        // answer waits one's time in the front end, or its speed would tell that the name exists.
        var locked = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            locked.Add(await Timed(username, UserPassword));
            unknown.Add(await Timed("nobody-" + Guid.NewGuid().ToString("N"), UserPassword));
        }

        double Median(List<double> ms) => ms.Order().ElementAt(ms.Count / 2);
        var ratio = Median(locked) / Median(unknown);
        output.WriteLine($"median answer: locked account {Median(locked):F1} ms, unknown name {Median(unknown):F1} ms, ratio {ratio:F2}");
        output.WriteLine($"locked: {string.Join(", ", locked.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}");
        output.WriteLine($"unknown: {string.Join(", ", unknown.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}");
        Assert.InRange(ratio, 0.5, 2);
    }

    private async Task<double> Timed(string username, string password)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await Password(username, password);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await TokenClient.AssertError(response, 400, "invalid_grant", null, WrongCredentials);
        return elapsed;
    }

    private async Task GuessWrong(string username, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var wrong = await Password(username, "wrong-" + i);
            await TokenClient.AssertError(wrong, 400, "invalid_grant", null, WrongCredentials);
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
