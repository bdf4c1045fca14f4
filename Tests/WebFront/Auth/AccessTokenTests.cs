using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>
/// Access tokens as a third party sees them (validated with Microsoft.IdentityModel against the served JWKS), and
/// the back-office API refusing everything that is not a valid back-office token (§2.6, §6, §7).
/// </summary>
[Collection(WebFrontCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class AccessTokenTests(WebFrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;

    [Fact]
    public async Task AccessToken_ValidatesAgainstServedJwks_WithRfc9068Claims()
    {
        using var http = fixture.CreateClient();
        var tokens = await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync((string)tokens["access_token"]!, new TokenValidationParameters
        {
            ValidIssuer = fixture.Server.Issuer,
            ValidAudience = seed.BackofficeClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["at+jwt"],
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Contains(jwks.Keys, k => k.Kid == jwt.Kid);
        Assert.Equal(seed.AdminUsername, jwt.Subject);
        Assert.Equal(seed.BackofficeClientId, jwt.GetPayloadValue<string>("client_id"));
        Assert.Equal("backoffice", jwt.GetPayloadValue<string>("app"));
        Assert.Matches("^[0-9a-f]{32}$", jwt.GetPayloadValue<string>("fid"));
        Assert.Equal(0, jwt.GetPayloadValue<long>("gen"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.True(jwt.TryGetPayloadValue<string>("scope", out _));
        Assert.Equal(3600, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds, 1);
        Assert.Equal(jwt.IssuedAt, jwt.ValidFrom);
    }

    [Fact]
    public async Task RefreshToken_IsHs256RtJwtWithFamilyAndGeneration_AndNotInJwks()
    {
        using var http = fixture.CreateClient();
        var tokens = await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        var refresh = new JsonWebToken((string)tokens["refresh_token"]!);
        var access = new JsonWebToken((string)tokens["access_token"]!);
        var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));

        Assert.Equal("HS256", refresh.Alg);
        Assert.Equal("rt+jwt", refresh.Typ);
        Assert.Equal(access.GetPayloadValue<string>("fid"), refresh.GetPayloadValue<string>("fid"));
        Assert.Equal(0, refresh.GetPayloadValue<long>("gen"));
        Assert.Equal(seed.BackofficeClientId, refresh.Audiences.Single());
        Assert.DoesNotContain(jwks.Keys, k => k.Kid == refresh.Kid);
        Assert.All(jwks.Keys, k => Assert.True(k.Kty is "RSA" or "EC"));
        Assert.All(jwks.Keys, k => Assert.Null(k.D));
        Assert.True((refresh.ValidTo - refresh.IssuedAt).TotalDays is > 29.9 and <= 30.01);
    }

    [Fact]
    public async Task UsersApi_ValidBackofficeToken_ListsAndGetsUsersAsJsonApi()
    {
        using var http = fixture.CreateClient();
        var token = await AccessToken(http);

        using var list = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", token));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("application/vnd.api+json", list.Content.Headers.ContentType?.MediaType);
        var data = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["data"]!.AsArray();
        var admin = data.Single(u => (string?)u!["attributes"]!["username"] == seed.AdminUsername)!;
        Assert.Equal("users", (string?)admin["type"]);
        Assert.DoesNotContain(data, u => (string?)u!["attributes"]!["email"] == seed.CustomerEmail);
        Assert.DoesNotContain("password", await list.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var one = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, $"/api/users/{admin["id"]}", token));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(seed.AdminUsername, (string?)JsonNode.Parse(await one.Content.ReadAsStringAsync())!["data"]!["attributes"]!["username"]);

        using var missing = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users/999999", token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/vnd.api+json", missing.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> Forgeries => ["none", "missing", "garbage", "alg-none", "hs256-with-public-key", "tampered-payload", "refresh-token-as-bearer", "signed-by-another-key", "wrong-typ"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task UsersApi_ForgedOrWrongToken_401EmptyBodyWithBearerChallenge(string forgery)
    {
        using var http = fixture.CreateClient();
        var tokens = await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        var access = (string)tokens["access_token"]!;
        var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        var token = forgery switch
        {
            "none" => null,
            "missing" => "",
            "garbage" => "not.a.jwt",
            "alg-none" => Unsigned(access),
            "hs256-with-public-key" => SignedWithPublicKeyAsHmac(access, jwks),
            "tampered-payload" => Tampered(access),
            "refresh-token-as-bearer" => (string)tokens["refresh_token"]!,
            "signed-by-another-key" => Resigned(access),
            _ => Resigned(access, typ: "JWT"),
        };

        using var response = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(token is null ? "Bearer" : "Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UsersApi_TokenInQueryString_401EvenWithValidHeader()
    {
        using var http = fixture.CreateClient();
        var token = await AccessToken(http);

        using var queryOnly = await http.GetAsync(new Uri("/api/users?access_token=" + token, UriKind.Relative));
        using var both = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users?access_token=" + token, token));

        Assert.Equal(HttpStatusCode.Unauthorized, queryOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, both.StatusCode);
    }

    [Fact]
    public async Task Metadata_AdvertisesEndpointsAndJwks()
    {
        using var http = fixture.CreateClient();
        var metadata = JsonNode.Parse(await http.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative)))!;

        Assert.Equal(fixture.Server.Issuer, (string?)metadata["issuer"]);
        Assert.Equal(fixture.Server.Issuer + "/oauth2-token", (string?)metadata["token_endpoint"]);
        Assert.Equal(fixture.Server.Issuer + "/oauth2-token/revoke", (string?)metadata["revocation_endpoint"]);
        Assert.Equal(fixture.Server.Issuer + "/oauth2-token/introspect", (string?)metadata["introspection_endpoint"]);
        Assert.Equal(fixture.Server.Issuer + "/.well-known/jwks.json", (string?)metadata["jwks_uri"]);
        Assert.Contains("password", metadata["grant_types_supported"]!.AsArray().Select(g => (string?)g));
        Assert.Contains("client_secret_basic", metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(g => (string?)g));
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        using var http = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    private async Task<string> AccessToken(HttpClient http) =>
        (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;

    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        return $"{header}.{parts[1]}.";
    }

    /// <summary>The classic key-confusion attack: HS256 with the RSA public key's bytes as the HMAC secret.</summary>
    private static string SignedWithPublicKeyAsHmac(string token, JsonWebKeySet jwks)
    {
        var original = new JsonWebToken(token);
        var jwk = jwks.Keys.Single(k => k.Kid == original.Kid);
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E) });
        var secret = Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var header = Base64UrlEncoder.Encode($"{{\"alg\":\"HS256\",\"kid\":\"{original.Kid}\",\"typ\":\"at+jwt\"}}");
        var signingInput = header + "." + token.Split('.')[1];
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["sub"] = "someone-else";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The same claims under the server's key id, signed by an attacker's own RSA key.</summary>
    private static string Resigned(string token, string typ = "at+jwt")
    {
        var original = new JsonWebToken(token);
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject()
            .ToDictionary(p => p.Key, p => (object)(p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (long)p.Value! : (string)p.Value!));
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = original.Kid };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            TokenType = typ,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
