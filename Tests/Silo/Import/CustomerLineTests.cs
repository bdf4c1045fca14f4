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

    [Fact]
    public void Parse_AnAddressWithACharacterBeyondTheBasicPlane_IsACustomer()
    {
        // Oro's utf8mb4 columns hold such addresses (RFC 6531); the import takes them as the API does (§5).
        var (spec, problem) = CustomerLine.Parse($$"""{"email":"\ud83d\uded2shop@\ud840\udc00.example","password":"{{Bcrypt}}"}""");

        Assert.Null(problem);
        Assert.Equal("\U0001F6D2shop@\U00020000.example", spec!.Email);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: required")]
    [InlineData("""{"email":"a b@c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: must look like")]
    [InlineData("""{"email":"a@b.c"}""", "password: required")]
    // Half a surrogate pair, escaped: System.Text.Json threw when the string was read, out of the line's checks.
    [InlineData("""{"email":"a\ud83d@b.c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: not valid Unicode text")]
    [InlineData("""{"email":"a@b.c","password":"$2y$04$\udc00bcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ0123"}""", "password: not valid Unicode text")]
    [InlineData("""{"email":"m\ufffdller@b.c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "email: holds U+FFFD, the mark of bytes that are not UTF-8")]
    [InlineData("""{"email":"a@b.c","password":"5f4dcc3b5aa765d61d8327deb882cf99"}""", "password: unsupported password hash")]
    [InlineData("""{"email":"a@b.c","password":"$2y$31$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "password: bcrypt cost 31")]
    [InlineData("""{"email":"a@b.c","password":"$2y$04$short"}""", "password: malformed bcrypt")]
    [InlineData("""{"email":"a@b.c","password":"$argon2id$v=19$m=4194304,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A"}""", "password: argon2id memory cost")]
    // A salt of 4 bytes: Isopoh threw out of the line's checks instead of answering (nothing above them caught it).
    [InlineData("""{"email":"a@b.c","password":"$argon2id$v=19$m=64,t=1,p=1$AAAAAA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"}""", "password: malformed argon2id hash")]
    // Isopoh read past the end of a hash that stops after its parameters: an IndexOutOfRangeException out of the checks.
    [InlineData("""{"email":"a@b.c","password":"$argon2id$v=19$m=65536,t=2,p=1"}""", "password: malformed argon2id hash")]
    // A member the import ignores still has its name read, and half a surrogate pair in it threw.
    [InlineData("""{"email":"a@b.c","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234","note\ud83d":1}""", "not valid Unicode text: a member name")]
    [InlineData("""{"email":"a@b.c","password":"$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A"}""", "password: unsupported")]
    [InlineData("""{"email":"a@b.c","enabled":"yes","password":"$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"}""", "enabled: must be true or false")]
    public void Parse_BadLine_IsRefusedWithAReason(string line, string reason)
    {
        var (spec, problem) = CustomerLine.Parse(line);
        Assert.Null(spec);
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 32, 4, Argon2Version.Nineteen, null)] // Oro configured with four threads
    [InlineData(8, 16, 1, Argon2Version.Nineteen, null)] // libsodium's smallest salt and digest
    [InlineData(16, 12, 1, Argon2Version.Nineteen, "argon2id digest shorter than 16 bytes")]
    [InlineData(16, 57, 1, Argon2Version.Nineteen, null)] // 127 characters
    [InlineData(17, 57, 1, Argon2Version.Nineteen, "argon2id hash longer than 127 characters")] // 128: no room for libsodium's NUL
    [InlineData(16, 32, 1, Argon2Version.Sixteen, "argon2id version other than 19")]
    public void Problem_RefusesAnArgon2idHashLibsodiumCannotVerify_SoNoImportedAccountIsLockedOut(int saltBytes, int digestBytes, int lanes, Argon2Version version, string? problem)
    {
        // Made by Isopoh, which writes what PHP's libargon2 writes; verified by libsodium, which is stricter about the
        // shapes it accepts. What import takes must log in.
        var hash = Argon2id(64, lanes, saltBytes, digestBytes, version);

        Assert.Equal(problem, ImportedPasswordHashes.Problem(hash));
        // What import takes libsodium verifies; what it refuses, an earlier version may have stored: Isopoh verifies it.
        Assert.True(ImportedPasswordHashes.Verify(hash, "correct horse"));
        Assert.False(ImportedPasswordHashes.Verify(hash, "wrong horse"));
        if (problem is null)
        {
            Assert.True(Geralt.Argon2id.VerifyHash(hash, "correct horse"u8));
        }
    }

    [Theory]
    [InlineData("m=64,", "m=064,", "argon2id hash not written as PHP writes it")] // a leading zero
    [InlineData("v=19", "v=019", "argon2id hash not written as PHP writes it")]
    [InlineData("p=1$", "p=1,data=AAAAAAAAAAA$", "argon2id hash not written as PHP writes it")]
    [InlineData("$U/6U", "$U/6U", null)] // unchanged: the canonical hash itself
    public void Problem_RefusesAHashNotWrittenAsPhpWritesIt_ButVerifiesOneStoredBefore(string from, string to, string? problem)
    {
        // libsodium reads only the canonical writing; Isopoh read these too, and an earlier import may have stored one.
        const string Canonical = "$argon2id$v=19$m=64,t=1,p=1$b3Jvb3JsZWFucy1zYWx0IQ$U/6UMvygTUTxLa6J0pO0JV+eFSwk5m9oF7VwJJ7SJrw";
        var hash = Canonical.Replace(from, to, StringComparison.Ordinal);

        Assert.StartsWith(problem ?? "", ImportedPasswordHashes.Problem(hash) ?? "", StringComparison.Ordinal);
        Assert.Equal(problem is null, ImportedPasswordHashes.Problem(hash) is null);
        Assert.True(ImportedPasswordHashes.Verify(hash, "oroorleans self-test"));
        Assert.False(ImportedPasswordHashes.Verify(hash, "oroorleans self-test!"));
    }

    [Fact]
    public void Problem_RefusesLessThanEightKiBOfMemoryPerLane_WhichLibsodiumRefuses()
    {
        var hash = Argon2id(16, 4, 16, 32, Argon2Version.Nineteen);

        Assert.Equal("argon2id memory cost below 8 KiB per lane", ImportedPasswordHashes.Problem(hash));
    }

    [Fact]
    public void SelfTest_LibsodiumAnswersTheKnownHash()
    {
        // What every silo checks before it starts (ImportedHashCheck).
        Assert.Null(ImportedPasswordHashes.SelfTest());
    }

    [Fact]
    public void Verify_Argon2id_MatchesTheReferenceImplementationsKnownAnswer()
    {
        // The argon2 reference implementation's test vector (password "password", salt "somesalt", 64 MiB, 2 passes):
        // what any conforming argon2id (PHP's included) writes for these inputs.
        const string reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        Assert.Null(ImportedPasswordHashes.Problem(reference));
        Assert.True(ImportedPasswordHashes.Verify(reference, "password"));
        Assert.False(ImportedPasswordHashes.Verify(reference, "Password"));
        Assert.False(ImportedPasswordHashes.Verify(reference.Replace("CTFh", "CTFi", StringComparison.Ordinal), "password"));
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

    /// <summary>"correct horse" hashed by Isopoh, which writes what PHP's libargon2 writes, in the shape asked for.</summary>
    private static string Argon2id(int memoryKiB, int lanes, int saltBytes, int digestBytes, Argon2Version version)
    {
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing, Version = version, TimeCost = 1, MemoryCost = memoryKiB, Lanes = lanes, Threads = 1,
            Password = "correct horse"u8.ToArray(), Salt = new byte[saltBytes], HashLength = digestBytes,
        };
        using var argon = new Argon2(config);
        using var digest = argon.Hash();
        return config.EncodeString(digest.Buffer);
    }
}
