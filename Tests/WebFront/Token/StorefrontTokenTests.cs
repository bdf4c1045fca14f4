using System.Net;
using System.Text.RegularExpressions;
using static OroOrleans.Tests.Infrastructure.StorefrontCalls;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>Guest, customer and client-credentials tokens over real HTTP (§2.2, §2.4), and the two applications kept apart.</summary>
[Collection(StorefrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed partial class StorefrontTokenTests(StorefrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;

    [Fact]
    public async Task Guest_OnStorefrontClient_IsANewVisitorEveryTime_WithRefreshToken()
    {
        using var http = fixture.CreateClient();
        var subjects = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = i % 2 == 0
                ? await TokenClient.PostJson(http, Guest(seed.StorefrontClientId, seed.StorefrontSecret))
                : await TokenClient.PostForm(http, Guest(seed.StorefrontClientId, seed.StorefrontSecret));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore);
            var body = await TokenClient.Json(response);
            Assert.Equal("Bearer", (string?)body["token_type"]);
            var access = Read(body);
            var refresh = Read(body, "refresh_token");
            Assert.Matches(VisitorSubject(), access.Subject);
            Assert.Equal("at+jwt", access.Typ);
            Assert.Equal("storefront", access.GetPayloadValue<string>("app"));
            Assert.Equal(seed.StorefrontClientId, access.GetPayloadValue<string>("client_id"));
            Assert.False(access.TryGetPayloadValue<string>("uid", out _));
            Assert.Equal(0L, access.GetPayloadValue<long>("gen"));
            Assert.Equal("rt+jwt", refresh.Typ);
            Assert.Equal(access.Subject, refresh.Subject);
            Assert.Equal(access.GetPayloadValue<string>("fid"), refresh.GetPayloadValue<string>("fid"));
            Assert.True(subjects.Add(access.Subject), "a guest login reused a visitor");
        }
    }

    [Theory]
    [InlineData("guest", "guest", true)]
    [InlineData("Guest", "guest", false)]
    [InlineData("guest", "Guest", false)]
    [InlineData("GUEST", "GUEST", false)]
    [InlineData("guest", "guest ", false)]
    public async Task Guest_IsExactlyGuestGuest_OnStorefrontClients(string username, string password, bool isGuest)
    {
        using var http = fixture.CreateClient();
        var fields = Guest(seed.StorefrontClientId, seed.StorefrontSecret);
        fields["username"] = username;
        fields["password"] = password;
        using var response = await TokenClient.PostForm(http, fields);
        if (isGuest)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        await TokenClient.AssertError(response, 400, "invalid_grant", description: "The user credentials were incorrect.");
    }

    [Fact]
    public async Task Guest_OnBackofficeClient_IsAnOrdinaryFailingLogin()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostJson(http, Guest(seed.BackofficeClientId, seed.BackofficeSecret));
        await TokenClient.AssertError(response, 400, "invalid_grant", description: "The user credentials were incorrect.");
    }

    /// <summary>§2.2: each application's users only on its own clients, in both directions.</summary>
    [Theory]
    [InlineData("storefront", "customer", true)]
    [InlineData("storefront", "customer-lowercase", true)]
    [InlineData("storefront", "customer-uppercase", true)]
    [InlineData("storefront", "backoffice-username", false)]
    [InlineData("storefront", "backoffice-email", false)]
    [InlineData("backoffice", "customer", false)]
    [InlineData("backoffice", "customer-lowercase", false)]
    [InlineData("backoffice", "backoffice-username", true)]
    [InlineData("backoffice", "backoffice-email", true)]
    public async Task PasswordGrant_SeparatesTheApplications(string client, string user, bool succeeds)
    {
        var (clientId, secret) = client == "storefront" ? (seed.StorefrontClientId, seed.StorefrontSecret) : (seed.BackofficeClientId, seed.BackofficeSecret);
        var (username, password) = user switch
        {
            "customer" => (seed.CustomerEmail, seed.CustomerPassword),
            "customer-lowercase" => (seed.CustomerEmail.ToLowerInvariant(), seed.CustomerPassword),
            "customer-uppercase" => (seed.CustomerEmail.ToUpperInvariant(), seed.CustomerPassword),
            "backoffice-username" => (seed.AdminUsername, seed.AdminPassword),
            _ => (seed.AdminEmail, seed.AdminPassword),
        };
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = clientId, ["client_secret"] = secret, ["username"] = username, ["password"] = password,
        });
        if (!succeeds)
        {
            await TokenClient.AssertError(response, 400, "invalid_grant", description: "The user credentials were incorrect.");
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = Read(await TokenClient.Json(response));
        Assert.Equal(client, access.GetPayloadValue<string>("app"));
        Assert.Equal(client == "storefront" ? seed.CustomerEmail : seed.AdminUsername, access.Subject);
    }

    [Theory]
    [InlineData("storefront")]
    [InlineData("backoffice")]
    public async Task ClientCredentials_ActsForTheOwner_WithoutRefreshToken(string client)
    {
        var (clientId, secret) = client == "storefront" ? (seed.StorefrontServerClientId, seed.StorefrontServerSecret) : (seed.BackofficeClientId, seed.BackofficeSecret);
        using var http = fixture.CreateClient();
        var body = await ClientCredentials(http, clientId, secret);
        Assert.Null(body["refresh_token"]);
        Assert.Equal(3600, (int)body["expires_in"]!);
        var access = Read(body);
        Assert.Equal(clientId, access.Subject);
        Assert.Equal(client, access.GetPayloadValue<string>("app"));
        Assert.False(access.TryGetPayloadValue<string>("fid", out _));

        // The owner's identity: for the storefront server client its customer user (logged in through the browser's
        // storefront client, since a storefront client never holds both grants), for the back-office client the admin.
        var ownerLogin = client == "storefront"
            ? await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, seed.CustomerEmail, seed.CustomerPassword)
            : await TokenClient.Login(http, clientId, secret, seed.AdminUsername, seed.AdminPassword);
        Assert.Equal(Read(ownerLogin).GetPayloadValue<string>("uid"), access.GetPayloadValue<string>("uid"));
    }

    [Fact]
    public async Task ClientCredentials_OnClientWithoutTheGrant_IsInvalidClient()
    {
        using var http = fixture.CreateClient();
        using var response = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
        }, fixture.OtherStorefrontClientId, fixture.OtherStorefrontSecret);
        await TokenClient.AssertError(response, 401, "invalid_client", description: "Client authentication failed");
        Assert.Equal("Basic realm=\"OAuth\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ClientCredentials_OnMachineOnlyClient_Works_AndWrongSecretIsInvalidClient()
    {
        using var http = fixture.CreateClient();
        var body = await ClientCredentials(http, seed.NoPasswordClientId, seed.NoPasswordSecret);
        Assert.Equal(seed.NoPasswordClientId, Read(body).Subject);

        using var wrong = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = seed.NoPasswordClientId, ["client_secret"] = "wrong",
        });
        await TokenClient.AssertError(wrong, 401, "invalid_client");
    }

    [GeneratedRegex("^visitor:[0-9a-f]{32}$")]
    private static partial Regex VisitorSubject();
}
