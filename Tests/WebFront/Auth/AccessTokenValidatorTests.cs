using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>
/// The validator's rules one by one, with tokens signed by a key the test holds, so that each rule is the only
/// thing wrong with the token: issuer, audience, lifetime, type and algorithm (§2.6, §7); and the bearer filter that runs it before an API, with the revocation check.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class AccessTokenValidatorTests : IDisposable
{
    private const string Issuer = "https://issuer.test";
    private const string ClientId = "client-aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly AccessTokenValidator validator;

    public AccessTokenValidatorTests()
    {
        key = new RsaSecurityKey(rsa) { KeyId = "test-key" };
        validator = new AccessTokenValidator(new StaticKeys(key), Options.Create(new TokenOptions { Issuer = Issuer }), Options.Create(new TokenCacheOptions()), time);
    }

    [Fact]
    public async Task Valid_TokenIsAccepted()
    {
        var token = await validator.Validate(Create());

        Assert.NotNull(token);
        Assert.Equal("alice", token.Subject);
        Assert.Equal(ClientId, token.ClientId);
        Assert.Equal(7, token.ClientVersion);
    }

    [Theory]
    [InlineData(64, true)] // TokenCache:Entries at its least: one slot per stripe
    [InlineData(ValidatedTokenCache.DefaultCapacity, false)]
    public async Task TokenCacheEntries_BoundTheTokensThatSkipTheSignatureCheck(int entries, bool checkedAgain)
    {
        var keys = new StaticKeys(key);
        var small = new AccessTokenValidator(keys, Options.Create(new TokenOptions { Issuer = Issuer }), Options.Create(new TokenCacheOptions { Entries = entries }), time);
        var first = Create();
        Assert.NotNull(await small.Validate(first));
        var perCheck = keys.Lookups;
        Assert.True(perCheck > 0);
        Assert.NotNull(await small.Validate(first));
        Assert.Equal(perCheck, keys.Lookups);

        // A thousand other tokens: with one slot per stripe, the first token's stripe takes one of them (all but
        // certainly: 1 - (63/64)^1000).
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(await small.Validate(Create()));
        }

        var before = keys.Lookups;
        Assert.NotNull(await small.Validate(first));
        Assert.Equal(checkedAgain ? before + perCheck : before, keys.Lookups);
    }

    [Fact]
    public async Task WrongIssuer_Rejected() => Assert.Null(await validator.Validate(Create(issuer: "https://evil.test")));

    [Fact]
    public async Task AudienceNotTheClient_Rejected() => Assert.Null(await validator.Validate(Create(audience: "another-client")));

    [Fact]
    public async Task Expired_RejectedAfterSkew()
    {
        var token = Create();
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(29));
        Assert.NotNull(await validator.Validate(token));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await validator.Validate(token));
    }

    [Fact]
    public async Task NotYetValid_Rejected() => Assert.Null(await validator.Validate(Create(notBefore: TimeSpan.FromMinutes(5))));

    [Fact]
    public async Task WithoutExpiry_Rejected() => Assert.Null(await validator.Validate(Create(withExpiry: false)));

    [Theory]
    [InlineData("JWT")]
    [InlineData("rt+jwt")]
    public async Task WrongType_Rejected(string typ) => Assert.Null(await validator.Validate(Create(typ: typ)));

    [Fact]
    public async Task RsaPssAlgorithmNotOnAllowList_Rejected() =>
        Assert.Null(await validator.Validate(Create(algorithm: SecurityAlgorithms.RsaSsaPssSha256)));

    [Fact]
    public async Task UnknownApplication_Rejected() => Assert.Null(await validator.Validate(Create(app: "admin")));

    [Fact]
    public async Task BearerFilter_WithoutARevocationCheck_FailsClosed()
    {
        var (context, reached) = BearerRequest(Create(), revocations: null);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new BearerTokenFilter(ApplicationKind.Backoffice).InvokeAsync(context, reached.Next));
        Assert.False(reached.Called, "the API ran without a revocation check");
    }

    [Theory]
    [InlineData(true, 401)]
    [InlineData(false, 200)]
    public async Task BearerFilter_AsksTheRevocationCheck(bool revoked, int status)
    {
        var (context, reached) = BearerRequest(Create(), new FixedRevocationCheck(revoked));

        var result = await new BearerTokenFilter(ApplicationKind.Backoffice).InvokeAsync(context, reached.Next);
        await ((IResult)result!).ExecuteAsync(context.HttpContext);

        Assert.Equal(status, context.HttpContext.Response.StatusCode);
        Assert.Equal(!revoked, reached.Called);
    }

    public void Dispose() => rsa.Dispose();

    private (EndpointFilterInvocationContext Context, NextStep Reached) BearerRequest(string token, IAccessTokenRevocationCheck? revocations)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(validator);
        if (revocations is not null)
        {
            services.AddSingleton(revocations);
        }

        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        http.Request.Headers.Authorization = "Bearer " + token;
        return (new DefaultEndpointFilterInvocationContext(http), new NextStep());
    }

    private string Create(
        string issuer = Issuer, string audience = ClientId, TimeSpan? notBefore = null, bool withExpiry = true,
        string typ = "at+jwt", string algorithm = SecurityAlgorithms.RsaSha256, string app = "backoffice")
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now + (notBefore ?? TimeSpan.Zero),
            Expires = withExpiry ? now.AddHours(1) : null,
            TokenType = typ,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "alice",
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["client_id"] = ClientId,
                ["app"] = app,
                ["cver"] = 7,
            },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private sealed class NextStep
    {
        public bool Called { get; private set; }

        public ValueTask<object?> Next(EndpointFilterInvocationContext context)
        {
            Called = true;
            return new(Results.Ok());
        }
    }

    private sealed class FixedRevocationCheck(bool revoked) : IAccessTokenRevocationCheck
    {
        public bool IsRevoked(AccessToken token) => revoked;
    }

    /// <summary>The one key, counting the look-ups a signature check makes (a cached token makes none).</summary>
    private sealed class StaticKeys(SecurityKey key) : IPublicKeySource
    {
        private int lookups;

        public int Lookups => lookups;

        public ValueTask<SecurityKey?> Find(string? kid) => new(FindCached(kid));

        public SecurityKey? FindCached(string? kid)
        {
            Interlocked.Increment(ref lookups);
            return kid == key.KeyId ? key : null;
        }
    }
}
