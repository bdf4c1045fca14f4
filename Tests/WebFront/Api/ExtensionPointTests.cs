using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.Tests.Grains;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Api;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Discovery;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;
using OroOrleans.WebFront.Token;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>
/// The front end assembled from its parts, over real HTTP (Kestrel on loopback) against the grain test cluster:
/// a route mapped in the administration group is protected without a call of its own, a grant handler is all
/// the discovery document needs to list its grant, and introspection stays closed until the revocation view has
/// loaded (this host never loads it by itself).
/// </summary>
[Trait("Category", "Cluster")]
[Collection(GrainClusterCollection.Name)]
public sealed class ExtensionPointTests(GrainClusterFixture fixture) : IDisposable
{
    private const string Issuer = "https://issuer.test";
    private const string ClientId = "clientextensionpoints00000000001";
    private readonly RSA rsa = RSA.Create(2048);

    [Fact]
    public async Task RouteMappedInTheAdministrationGroup_IsRefusedToANonAdministrator()
    {
        await using var app = await StartAsync(groups => groups.Administration.MapGet("/extension-probe", () => "reached"));
        using var http = Client(app);
        var plain = await CreateUser(administrator: false);
        var admin = await CreateUser(administrator: true);

        var anonymous = await http.GetAsync(new Uri("/api/extension-probe", UriKind.Relative));
        var refused = await Get(http, "/api/extension-probe", Token(plain.Id));
        var allowed = await Get(http, "/api/extension-probe", Token(admin.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("forbidden", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("reached", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Discovery_ListsExactlyTheRegisteredHandlersGrants()
    {
        await using var app = await StartAsync(_ => { }, services => services.AddSingleton<ITokenGrantHandler, ExampleGrantHandler>());
        using var http = Client(app);

        var metadata = await http.GetFromJsonAsync<JsonElement>(new Uri(DiscoveryEndpoints.MetadataPath, UriKind.Relative));
        var listed = metadata.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()!).ToList();
        var registered = app.Services.GetServices<ITokenGrantHandler>().Select(h => h.GrantType).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(registered, listed);
        Assert.Equal([GrantTypes.ClientCredentials, GrantTypes.Password, GrantTypes.RefreshToken, ExampleGrantHandler.Grant], listed);
        Assert.Equal(Issuer + OAuthConstants.TokenPath, metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(Issuer + RevokeEndpoints.Path, metadata.GetProperty("revocation_endpoint").GetString());
    }

    [Fact]
    public async Task DeclaredParameter_ReachesTheHandler_FromJsonAndForm()
    {
        await using var app = await StartAsync(_ => { }, services => services.AddSingleton<ITokenGrantHandler, ExampleGrantHandler>());
        using var http = Client(app);

        var json = await http.PostAsJsonAsync(new Uri(OAuthConstants.TokenPath, UriKind.Relative), new Dictionary<string, string>
        {
            ["grant_type"] = ExampleGrantHandler.Grant, ["client_id"] = ClientId, [ExampleGrantHandler.Parameter] = "from-json",
        });
        var form = await http.PostAsync(new Uri(OAuthConstants.TokenPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = ExampleGrantHandler.Grant, ["client_id"] = ClientId, [ExampleGrantHandler.Parameter] = "from-form",
        }));
        var missing = await http.PostAsJsonAsync(new Uri(OAuthConstants.TokenPath, UriKind.Relative), new Dictionary<string, string>
        {
            ["grant_type"] = ExampleGrantHandler.Grant, ["client_id"] = ClientId,
        });

        Assert.True(json.IsSuccessStatusCode, $"{json.StatusCode}: {await json.Content.ReadAsStringAsync()}");
        Assert.Equal("from-json", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal("from-form", (await form.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains(ExampleGrantHandler.Parameter, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspection_IsTemporarilyUnavailable_UntilTheRevocationViewHasLoaded()
    {
        await using var app = await StartAsync(_ => { });
        using var http = Client(app);
        var form = new Dictionary<string, string>
        {
            ["client_id"] = ClientId, ["client_secret"] = "unknown-to-the-cluster", ["token"] = Token("1"),
        };

        // §4: before the view holds every live fact, no token may be called active; nothing is asked of a grain.
        using (var closed = await http.PostAsync(new Uri(IntrospectionEndpoints.Path, UriKind.Relative), new FormUrlEncodedContent(form)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
            Assert.NotNull(closed.Headers.RetryAfter);
            Assert.Equal("temporarily_unavailable", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        // Once loaded, the request gets past the gate to the client check (this client is unknown: invalid_client).
        app.Services.GetRequiredService<RevocationReadiness>().MarkLoaded();
        using var open = await http.PostAsync(new Uri(IntrospectionEndpoints.Path, UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal("invalid_client", (await open.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    public void Dispose() => rsa.Dispose();

    private async Task<WebApplication> StartAsync(Action<BackofficeGroups> map, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(fixture.Grains);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TokenOptions>().Configure(o => o.Issuer = Issuer);
        builder.Services.AddSingleton<PublicKeyCache>();
        builder.Services.AddSingleton<IPublicKeySource>(new StaticKeys(new RsaSecurityKey(rsa) { KeyId = "test-key" }));
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddSingleton<RevocationView>();
        builder.Services.AddSingleton<IAccessTokenRevocationCheck>(sp => sp.GetRequiredService<RevocationView>());
        builder.Services.AddSingleton<RevocationReadiness>();
        builder.Services.AddClusterCalls(TimeSpan.FromSeconds(5));
        builder.Services.AddTokenServices();
        builder.Services.AddOroCors(builder.Configuration);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseCors();
        app.MapTokenEndpoints();
        app.MapDiscoveryEndpoints();
        map(app.MapBackofficeApi());
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
    };

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private async Task<UserView> CreateUser(bool administrator)
    {
        var name = "x" + Guid.NewGuid().ToString("N")[..12];
        var roles = administrator ? new[] { AdministratorFilter.Role } : [];
        var result = await fixture.Grains.GetGrain<IAccountsGrain>("backoffice")
            .CreateUser(new UserSpec(ApplicationKind.Backoffice, name, name + "@example.com", "right-password", roles, true));
        return result.User!;
    }

    private string Token(string userId)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            TokenType = TokenClaims.AccessTokenType,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "user:" + userId,
                ["jti"] = Guid.NewGuid().ToString("N"),
                [TokenClaims.ClientId] = ClientId,
                [TokenClaims.Application] = TokenClaims.BackofficeApplication,
                [TokenClaims.ClientVersion] = 1,
                [TokenClaims.UserId] = userId,
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A grant type added by one handler and nothing else: it echoes its declared parameter as the token.</summary>
    private sealed class ExampleGrantHandler : ITokenGrantHandler
    {
        public const string Grant = "urn:example:echo";
        public const string Parameter = "echo";

        public string GrantType => Grant;

        public IReadOnlyList<string> RequiredParameters { get; } = [Parameter];

        public IReadOnlyList<string> OptionalParameters { get; } = [];

        public RateLimitBudget RateLimitOf(TokenRequest request) => RateLimitBudget.ClientCredentials;

        public Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client) =>
            Task.FromResult<TokenOutcome>(new TokenIssued(request[Parameter]!, null, 60));
    }

    private sealed class StaticKeys(SecurityKey key) : IPublicKeySource
    {
        public ValueTask<SecurityKey?> Find(string? kid) => new(FindCached(kid));

        public SecurityKey? FindCached(string? kid) => kid == key.KeyId ? key : null;
    }
}
