using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Tokens;
using OroOrleans.Tests.WebFront.Revocation;
using OroOrleans.WebFront.Auth;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Auth;

/// <summary>
/// The memory the validated-token cache holds, from its construction to full of guest tokens, each read from a real
/// JWT the way the validator reads it (so every claim is a string of its own, as after parsing, and the shared ones
/// are pooled). Its slots are allocated with it and take no more as they fill or turn over, so a front end's memory
/// under a flood of one-time tokens grows by at most this (docs/performance.md measures the process).
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
[Trait("Category", TestCategories.Unit)]
public sealed class ValidatedTokenCacheMemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// The cache at capacity may hold at most this much (its slots, allocated with it: ~19 MiB): the budget
    /// is 50 MB for the process.
    /// </summary>
    private const long Budget = 24L * 1024 * 1024;

    [Fact]
    public void FullCache_OfGuestTokens_StaysWithinItsBudget()
    {
        var handler = new JsonWebTokenHandler();
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "Qm9uZ2pvdXIgdGh1bWJwcmludCBvZiB0aGUga2V5IQ" };
        var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        var count = ValidatedTokenCache.DefaultCapacity;
        var tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            // The claims of a guest token (TokenFactory.Issue); the signature is not what is measured.
            tokens[i] = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "https://auth.example.com",
                Audience = "storefront0000000000000000000001",
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(1),
                TokenType = TokenClaims.AccessTokenType,
                SigningCredentials = credentials,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "visitor:" + TokenFactory.NewId(),
                    ["jti"] = TokenFactory.NewId(),
                    [TokenClaims.ClientId] = "storefront0000000000000000000001",
                    [TokenClaims.Scope] = "",
                    [TokenClaims.Application] = TokenClaims.StorefrontApplication,
                    [TokenClaims.ClientVersion] = 1L,
                    [TokenClaims.Family] = TokenFactory.NewId(),
                    [TokenClaims.Generation] = 0L,
                },
            });
        }

        // The slots are allocated with the cache: what it holds full is what it costs from its construction.
        var before = MemoryMeasurementCollection.Settle();
        var cache = new ValidatedTokenCache();
        foreach (var token in tokens)
        {
            cache.Add(token, AccessTokenValidator.Read(new JsonWebToken(token)) ?? throw new InvalidOperationException("unreadable"));
        }

        var after = MemoryMeasurementCollection.Settle();
        var held = after - before;
        output.WriteLine($"{cache.Count} guest tokens cached: {held / 1024.0 / 1024.0:F1} MiB, ~{(double)held / cache.Count:F0} bytes per entry (budget {Budget / 1024 / 1024} MiB)");
        // Full: the keys spread over the stripes unevenly, so a few stripes evict before every slot is taken.
        Assert.InRange(cache.Count, count * 95 / 100, count);
        Assert.InRange(held, 1, Budget);
        GC.KeepAlive(cache);
        GC.KeepAlive(tokens);
    }
}
