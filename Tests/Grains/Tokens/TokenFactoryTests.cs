using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The tokens <see cref="TokenFactory"/> writes through its own payload writer (<c>PayloadWriter</c>) are the ones the
/// handler wrote from a <see cref="SecurityTokenDescriptor"/> before it: the same header, the same claims in the same
/// order with the same values (the random jti aside), valid under the checks every front end applies.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class TokenFactoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, 123, TimeSpan.Zero);
    private static readonly TokenOptions Options = new() { Issuer = "https://auth.example.test" };
    private static readonly ClientRegistration Storefront = new("storefront0000000000000000000009", "Shop", [], ["password"], true, null, true, 7);
    private static readonly ClientRegistration Backoffice = new("backoffice0000000000000000000009", "Admin", [], ["password"], false, null, true, 3);

    private readonly SigningMaterial keys = new(new KeyRingState
    {
        Version = 1,
        SigningKeys = [KeyMaterial.NewSigningKey("ES256", Now, active: true) with { Kid = "k1", ActivatedAt = Now }],
        ActiveSigningKid = "k1",
        RefreshKeys = [KeyMaterial.NewRefreshKey(Now) with { Kid = "r1" }],
        ActiveRefreshKid = "r1",
    }, Options.RefreshTokenLifetime);

    private readonly TokenFactory factory = new(Microsoft.Extensions.Options.Options.Create(Options), new FakeTimeProvider(Now));

    [Fact]
    public void NewId_Is128RandomBitsAs32LowercaseHexDigits()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => TokenFactory.NewId()).ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        // Every hex digit in every position: a fixed or short source (a zeroed span) would leave most unseen.
        Assert.All(Enumerable.Range(0, 32), i => Assert.Equal(16, ids.Select(id => id[i]).Distinct().Count()));
    }

    [Fact]
    public void NewId_FromManyThreadsAtOnce_NeverRepeats()
    {
        // Each thread draws its random bytes in batches: no two threads, and no two batches, may hand out one slice.
        const int threads = 8, each = 20_000;
        var ids = new string[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            ids[t] = Enumerable.Range(0, each).Select(_ => TokenFactory.NewId()).ToArray();
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var all = ids.SelectMany(i => i).ToArray();
        Assert.Equal(threads * each, all.Length);
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void UserTokens_MatchTheDescriptorsTokens_ClaimForClaim()
    {
        var subject = new TokenSubject(Backoffice, "user:42", "42", 5, "openid profile");
        var family = new RefreshFamilyPosition("f".PadRight(32, '0'), 3, Now - TimeSpan.FromDays(2));

        var issued = factory.Issue(subject, keys, family);

        var exp = Now.ToUnixTimeSeconds() + 3600;
        AssertToken(issued.AccessToken, keys.AccessToken(Now), TokenClaims.AccessTokenType, Descriptor(
            Backoffice, exp, notBefore: true,
            ("sub", "user:42"), ("jti", null), ("client_id", Backoffice.Identifier), ("scope", "openid profile"), ("app", "backoffice"),
            ("cver", 3L), ("uid", "42"), ("uep", 5L), ("fid", family.FamilyId), ("gen", 3L)));
        // The refresh token's sliding lifetime (30 days) ends before the family's (90 days from two days ago).
        AssertToken(issued.RefreshToken!, keys.RefreshToken(Now), TokenClaims.RefreshTokenType, Descriptor(
            Backoffice, (Now + Options.RefreshTokenLifetime).ToUnixTimeSeconds(), notBefore: false,
            ("sub", "user:42"), ("jti", null), ("fid", family.FamilyId), ("gen", 3L), ("fiat", family.IssuedAt.ToUnixTimeSeconds()),
            ("cver", 3L), ("scope", "openid profile"), ("uid", "42"), ("uep", 5L)));
        Assert.Equal(3600, issued.ExpiresIn);
    }

    [Fact]
    public void ReservedGuestToken_KeepsOnlyAscii_NeverServesAReplacedCharacter()
    {
        // Kept as ASCII bytes: a token that is not ASCII must fail when it is kept, not come back with a '?'.
        var ascii = new ReservedGuestToken("eyJh.eyJz.c2ln", "visitor:1", "f", Now, Now, 1, "k");
        Assert.Equal("eyJh.eyJz.c2ln", ascii.AccessToken);
        Assert.ThrowsAny<ArgumentException>(() => new ReservedGuestToken("eyJh.\u00e9.c2ln", "visitor:1", "f", Now, Now, 1, "k"));
    }

    [Fact]
    public void ReservedGuestToken_AndItsRefreshToken_MatchTheDescriptorsTokens()
    {
        var reserved = factory.MintGuest(Storefront, keys);
        var issued = factory.IssueReserved(reserved, Storefront, keys);

        Assert.Equal(reserved.AccessToken, issued.AccessToken);
        AssertToken(reserved.AccessToken, keys.AccessToken(Now), TokenClaims.AccessTokenType, Descriptor(
            Storefront, Now.ToUnixTimeSeconds() + 3600, notBefore: true,
            ("sub", reserved.Subject), ("jti", null), ("client_id", Storefront.Identifier), ("scope", ""), ("app", "storefront"),
            ("cver", 7L), ("fid", reserved.FamilyId), ("gen", 0L)));
        AssertToken(issued.RefreshToken!, keys.RefreshToken(Now), TokenClaims.RefreshTokenType, Descriptor(
            Storefront, (Now + Options.RefreshTokenLifetime).ToUnixTimeSeconds(), notBefore: false,
            ("sub", reserved.Subject), ("jti", null), ("fid", reserved.FamilyId), ("gen", 0L), ("fiat", Now.ToUnixTimeSeconds()),
            ("cver", 7L), ("scope", "")));
    }

    [Fact]
    public void ClaimsThatNeedEscaping_AreWrittenAsTheHandlerWritesThem()
    {
        var odd = "user:\"quoted\" \\ <tag> & é 𝄞 +";
        var issued = factory.Issue(new TokenSubject(Backoffice, odd, null, null, ""), keys, null);

        var token = new JsonWebToken(issued.AccessToken);
        Assert.Equal(odd, token.Subject);
        Assert.Null(issued.RefreshToken);
        Assert.False(token.TryGetPayloadValue<string>(TokenClaims.Family, out _));
        // Escaped by the handler's own encoder (UnsafeRelaxedJsonEscaping), byte for byte.
        var expected = Descriptor(Backoffice, Now.ToUnixTimeSeconds() + 3600, notBefore: true, ("sub", odd));
        Assert.Equal(RawSub(Payload(expected)), RawSub(Payload(issued.AccessToken)));
        Assert.Contains("\\\"quoted\\\" \\\\ <tag> & é", RawSub(Payload(issued.AccessToken)));
    }

    /// <summary>The token the handler writes from a descriptor with these claims, as the factory did before.</summary>
    private static string Descriptor(ClientRegistration client, long expires, bool notBefore, params (string Name, object? Value)[] claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = client.Identifier,
            IssuedAt = Now.UtcDateTime,
            NotBefore = notBefore ? Now.UtcDateTime : null,
            Expires = DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime,
            TokenType = "JWT",
            Claims = claims.ToDictionary(c => c.Name, c => c.Value ?? "the-jti"),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]) { KeyId = "x" }, SecurityAlgorithms.HmacSha256),
        });

    private static void AssertToken(string token, SigningCredentials credentials, string type, string expected)
    {
        var jwt = new JsonWebToken(token);
        Assert.Equal(credentials.Algorithm, jwt.Alg);
        Assert.Equal(credentials.Key.KeyId, jwt.Kid);
        Assert.Equal(type, jwt.Typ);
        Assert.Equal(["alg", "kid", "typ"], Names(Header(token)));
        Assert.Matches("^[0-9a-f]{32}$", jwt.Id);

        // Claim names in order, and every value but the jti, as the descriptor's token has them.
        var actual = JsonDocument.Parse(Payload(token)).RootElement;
        var wanted = JsonDocument.Parse(Payload(expected)).RootElement;
        Assert.Equal(Names(Payload(expected)), Names(Payload(token)));
        foreach (var claim in wanted.EnumerateObject().Where(c => c.Name != "jti"))
        {
            Assert.True(JsonElement.DeepEquals(claim.Value, actual.GetProperty(claim.Name)), $"{claim.Name}: {actual.GetProperty(claim.Name)} != {claim.Value}");
        }

        var validation = new TokenValidationParameters
        {
            ValidIssuer = Options.Issuer,
            ValidAudience = jwt.Audiences.Single(),
            ValidTypes = [type],
            ValidAlgorithms = [credentials.Algorithm],
            IssuerSigningKey = credentials.Key,
            LifetimeValidator = (_, _, _, _) => true,
        };
        var result = new JsonWebTokenHandler().ValidateTokenAsync(token, validation).GetAwaiter().GetResult();
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    private static string Header(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));

    private static string Payload(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));

    /// <summary>The sub claim's value as the JSON text has it, escapes included.</summary>
    private static string RawSub(string json)
    {
        var start = json.IndexOf("\"sub\":", StringComparison.Ordinal) + 6;
        var end = json.IndexOf("\",\"", start, StringComparison.Ordinal);
        return json[start..(end < 0 ? json.Length - 1 : end + 1)];
    }

    private static string[] Names(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
}
