using Isopoh.Cryptography.Argon2;
using OroOrleans.Grains.Users;
using OroOrleans.Silo.Import;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>What a line of a customer import file may hold, and the Oro hash formats verified until the first login.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class CustomerLineTests
{
    private static readonly string Bcrypt = BCrypt.Net.BCrypt.HashPassword("correct horse", 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

    [Fact]
    public void Parse_GoodLine_GivesADisabledStorefrontCustomerWithTheImportedHash()
    {
        var (spec, problem) = CustomerLine.Parse($$"""{"email":"Ann@Example.com","enabled":false,"password":"{{Bcrypt}}","firstName":"ignored"}""");
        Assert.Null(problem);
        Assert.Equal("Ann@Example.com", spec!.Email);
        Assert.False(spec.Enabled);
        Assert.Equal(Bcrypt, spec.PasswordHash);
        Assert.Equal(OroOrleans.Grains.Interfaces.ApplicationKind.Storefront, spec.Application);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: required")]
    [InlineData("""{"email":"a b@c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: must look like")]
    [InlineData("""{"email":"a@b.c"}""", "password: required")]
    [InlineData("""{"email":"m\ufffdller@b.c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: holds U+FFFD, the mark of bytes that are not UTF-8")]
    [InlineData("""{"email":"a@b.c","password":"5f4dcc3b5aa765d61d8327deb882cf99"}""", "password: unsupported password hash")]
    [InlineData("""{"email":"a@b.c","password":"$2y$31$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "password: bcrypt cost 31")]
    [InlineData("""{"email":"a@b.c","password":"$2y$04$short"}""", "password: malformed bcrypt")]
    [InlineData("""{"email":"a@b.c","password":"$argon2id$v=19$m=4194304,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A"}""", "password: argon2id memory cost")]
    [InlineData("""{"email":"a@b.c","password":"$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A"}""", "password: unsupported")]
    [InlineData("""{"email":"a@b.c","enabled":"yes","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "enabled: must be true or false")]
    public void Parse_BadLine_IsRefusedWithAReason(string line, string reason)
    {
        var (spec, problem) = CustomerLine.Parse(line);
        Assert.Null(spec);
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OroHashes_MatchTheirPasswordAndAskForOurHash()
    {
        var argon = Argon2.Hash("correct horse", 1, 1024, 1, Argon2Type.HybridAddressing);
        Assert.StartsWith("$argon2id$", argon, StringComparison.Ordinal);
        foreach (var hash in new[] { Bcrypt, argon })
        {
            Assert.Null(ImportedPasswordHashes.Problem(hash));
            Assert.True(PasswordHashing.Verify(hash, "correct horse", out var rehash));
            Assert.NotNull(rehash);
            Assert.False(ImportedPasswordHashes.IsForeign(rehash));
            Assert.True(PasswordHashing.Verify(rehash, "correct horse", out var again));
            Assert.Null(again);
            Assert.False(PasswordHashing.Verify(hash, "wrong horse", out var none));
            Assert.Null(none);
        }
    }
}
