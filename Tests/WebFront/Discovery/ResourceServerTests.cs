using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenClient = OroOrleans.Tests.Infrastructure.TokenClient;

namespace OroOrleans.Tests.WebFront.Discovery;

/// <summary>
/// §6 from a resource server's side: an ASP.NET Core API configured the usual way, JwtBearer with <c>Authority</c>
/// alone (plus its audience and RFC 9068's <c>at+jwt</c>), in process on Kestrel, against a real OroOrleans process.
/// It finds <c>/.well-known/openid-configuration</c>, accepts our access tokens, refuses a refresh token, goes on
/// accepting tokens after a rotation (the key it knows signs for 2 more minutes), and after an emergency revocation
/// accepts the tokens of a key it has never seen once it has read the JWKS again.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class ResourceServerTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-rs-").FullName;
    private readonly TestSeed seed = new();
    private WebFrontProcess server = null!;
    private WebApplication api = null!;
    private HttpClient oro = null!;
    private HttpClient apiClient = null!;

    public async Task InitializeAsync()
    {
        server = new WebFrontProcess(Path.Combine(root, "data"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = seed.WriteTo(root),
            ["RateLimits__Enabled"] = "false",
        });
        await server.Start();
        oro = server.CreateClient();
        api = await StartApi(server.Issuer, seed.BackofficeClientId);
        apiClient = new HttpClient { BaseAddress = new Uri(api.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        apiClient?.Dispose();
        oro?.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        await server.DisposeAsync();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task JwtBearerFromAuthority_AcceptsAccessTokens_RefusesRefreshTokens_AndFollowsKeyChanges()
    {
        var login = await TokenClient.Login(oro, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        var first = (string)login["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, await CallApi(first));
        // What the resource server read on its first call.
        var publishedAtStart = await PublishedKids();
        Assert.Contains(Kid(first), publishedAtStart);

        using (var rotate = await oro.SendAsync(TokenClient.Bearer(HttpMethod.Post, "/api/signingkeys/rotate", first)))
        {
            Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        }

        // A new key signs only 2 minutes after it is published (§6): until then the key the resource server knows.
        var afterRotation = await AdminToken();
        Assert.Contains(Kid(afterRotation), publishedAtStart);
        Assert.Equal(HttpStatusCode.OK, await CallApi(afterRotation));

        // The emergency: the first key is revoked, so the rotation's new key signs at once, a key this resource
        // server has never seen. JwtBearer refuses it, reads the metadata and the JWKS again, and accepts it.
        using (var revoke = await oro.SendAsync(TokenClient.Bearer(HttpMethod.Post, $"/api/signingkeys/{Kid(first)}/revoke", afterRotation)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var afterRevocation = await AdminToken();
        Assert.DoesNotContain(Kid(afterRevocation), publishedAtStart);
        var refused = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await CallApi(afterRevocation) != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            refused++;
            await Task.Delay(100);
        }

        Console.WriteLine($"a key unknown to JwtBearer: {refused} request(s) refused, accepted after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.OK, await CallApi(afterRevocation));
        Assert.InRange(refused, 1, 5);

        // Last, since an unknown key id makes JwtBearer fetch the metadata again.
        using var refusedRefresh = await Get((string)login["refresh_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedRefresh.StatusCode);
        Assert.Contains("invalid_token", refusedRefresh.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenIdConfiguration_IsTheMetadata_AndAnOAuthLibraryDiscoversIt()
    {
        var metadata = await oro.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative));
        var openId = await oro.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(metadata, openId);
        var document = JsonNode.Parse(openId)!.AsObject();
        Assert.False(document.ContainsKey("response_types_supported"));
        Assert.False(document.ContainsKey("token_endpoint_auth_signing_alg_values_supported"));

        // Duende.IdentityModel's discovery client checks the issuer against the authority, every endpoint against
        // the authority's address, and reads the key set.
        var discovered = await oro.GetDiscoveryDocumentAsync(server.Issuer);
        Assert.False(discovered.IsError, discovered.Error);
        Assert.Equal(server.Issuer, discovered.Issuer);
        Assert.Equal(server.Issuer + "/oauth2-token", discovered.TokenEndpoint);
        Assert.Equal(server.Issuer + "/oauth2-token/introspect", discovered.IntrospectionEndpoint);
        Assert.Equal(server.Issuer + "/oauth2-token/revoke", discovered.RevocationEndpoint);
        Assert.Equal(["client_credentials", "password", "refresh_token"], discovered.GrantTypesSupported.Order(StringComparer.Ordinal));
        Assert.NotEmpty(discovered.KeySet!.Keys);
    }

    /// <summary>The README's resource-server snippet (§6), on a free loopback port.</summary>
    private static async Task<WebApplication> StartApi(string authority, string audience)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = authority;
            o.RequireHttpsMetadata = false; // the test's authority is on loopback; a real one is https
            o.TokenValidationParameters.ValidAudiences = [audience];
            o.TokenValidationParameters.ValidTypes = ["at+jwt"];
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/orders", () => Results.Ok()).RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private async Task<HttpStatusCode> CallApi(string token)
    {
        using var response = await Get(token);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> Get(string token) => apiClient.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/orders", token));

    private async Task<string> AdminToken() =>
        (string)(await TokenClient.Login(oro, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;

    private async Task<List<string>> PublishedKids()
    {
        var jwks = JsonNode.Parse(await oro.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)))!;
        return jwks["keys"]!.AsArray().Select(k => (string)k!["kid"]!).ToList();
    }

    private static string Kid(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token).Header.Kid;
}
