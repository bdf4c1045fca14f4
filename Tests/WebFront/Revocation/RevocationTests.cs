using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Revocation;

/// <summary>
/// §4 over real HTTP: a revocation rejects the tokens at once on the front end that took it, within 1 s on the
/// other front end, and on a front end that starts later from its very first request.
/// </summary>
[Collection(RevocationCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class RevocationTests(RevocationFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient a = fixture.A.CreateClient();
    private readonly HttpClient b = fixture.B.CreateClient();

    private AdminClient Admin => new(a, fixture.Seed);

    [Fact]
    public async Task DisablingUser_RejectsTheirTokenAtOnce_OnTheSameFrontEnd()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");
        var token = await admin.AccessToken(username, "password-1");
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(a, token, id));

        await admin.PatchUser(id, new { enabled = false });

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(a, token, id));
    }

    [Fact]
    public async Task ChangingPassword_RejectsTheirTokenAtOnce_AndTheNewPasswordWorks()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");
        var token = await admin.AccessToken(username, "password-1");

        await admin.PatchUser(id, new { password = "password-2" });

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(a, token, id));
        var fresh = await admin.AccessToken(username, "password-2");
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(a, fresh, id));
    }

    [Fact]
    public async Task AnAdministratorsLock_RejectsTheirTokenAtOnce_OnBothFrontEnds_WrongPasswordsDoNot()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");
        var token = await admin.AccessToken(username, "password-1");

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TokenClient.PostForm(a, new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = fixture.Seed.BackofficeClientId,
                ["client_secret"] = fixture.Seed.BackofficeSecret,
                ["username"] = username,
                ["password"] = "wrong-password",
            });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        // The automatic lockout revokes nothing (§4).
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(a, token, id));

        // The administrator's lock raised the epoch and the ledger pushed it before the answer went out.
        await admin.PatchUser(id, new { locked = true });
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(a, token, id));
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(b, token, id));

        // Unlocking does not revive the token, but a new login works at once.
        await admin.PatchUser(id, new { locked = false });
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(a, token, id));
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(a, await admin.AccessToken(username, "password-1"), id));
    }

    [Fact]
    public async Task DeactivatingClient_RejectsItsTokensAtOnce_AndRefusesNewLogins()
    {
        var admin = Admin;
        var token = await admin.AccessToken(fixture.Seed.UserUsername, fixture.Seed.UserPassword, fixture.DeactivatableClientId, fixture.DeactivatableSecret);
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(a, token));

        var clientId = fixture.DeactivatableClientId;
        using var response = await admin.Send(HttpMethod.Patch, $"/api/oauthapplications/{clientId}", new
        {
            data = new { type = "oauthapplications", id = clientId, attributes = new { active = false } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"active\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(a, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(b, token));
        await Task.Delay(1100); // the minting node's client cache trusts an entry for 1 s
        using var login = await TokenClient.PostForm(a, new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["client_secret"] = fixture.DeactivatableSecret,
            ["username"] = fixture.Seed.UserUsername,
            ["password"] = fixture.Seed.UserPassword,
        });
        await TokenClient.AssertError(login, 401, "invalid_client");
    }

    [Fact]
    public async Task RevocationOnOneFrontEnd_ReachesTheOtherWithinOneSecond()
    {
        var admin = Admin;
        var (id, username) = await admin.CreateUser("password-1");
        var token = await admin.AccessToken(username, "password-1");
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(b, token, id));

        await admin.PatchUser(id, new { enabled = false });
        var clock = Stopwatch.StartNew();
        var polls = 0;
        HttpStatusCode status;
        do
        {
            polls++;
            status = await AdminClient.Probe(b, token, id);
        }
        while (status != HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(3));

        output.WriteLine($"front end B rejected the token {clock.Elapsed.TotalMilliseconds:F1} ms after A answered, on poll {polls}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RefreshOnOneFrontEnd_SupersedesTheAccessTokenThereAtOnce_AndOnTheOtherWithinOneSecond()
    {
        var first = await FamilyClient.LoginJohn(a, fixture.Seed);
        Assert.NotEqual(HttpStatusCode.Unauthorized, await FamilyClient.ApiStatus(a, first.AccessToken));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await FamilyClient.ApiStatus(b, first.AccessToken));

        var second = await FamilyClient.Rotate(a, fixture.Seed, first.RefreshToken);

        // A learns the rotation's fact from its own answer; the ledger does not push it there.
        Assert.Equal(HttpStatusCode.Unauthorized, await FamilyClient.ApiStatus(a, first.AccessToken));
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = await FamilyClient.ApiStatus(b, first.AccessToken);
        }
        while (status != HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(3));

        output.WriteLine($"front end B rejected the superseded access token {clock.Elapsed.TotalMilliseconds:F1} ms after A answered the refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.NotEqual(HttpStatusCode.Unauthorized, await FamilyClient.ApiStatus(a, second.AccessToken));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await FamilyClient.ApiStatus(b, second.AccessToken));
    }

    [Fact]
    public async Task FrontEndStartingLate_RejectsRevokedTokens_FromItsFirstRequest()
    {
        var admin = Admin;
        var (revokedId, revokedName) = await admin.CreateUser("password-1");
        var revoked = await admin.AccessToken(revokedName, "password-1");
        var (keptId, keptName) = await admin.CreateUser("password-1");
        var kept = await admin.AccessToken(keptName, "password-1");
        await admin.PatchUser(revokedId, new { password = "password-2" });

        await using var late = fixture.ClientModeFrontEnd("late-" + Guid.NewGuid().ToString("N")[..8]);
        await late.Start();
        using var c = late.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminClient.Probe(c, revoked, revokedId));
        Assert.Equal(HttpStatusCode.OK, await AdminClient.Probe(c, kept, keptId));
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
