using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Users;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>The password hash of §5: PBKDF2 at 210,000 iterations or more, old hashes upgraded on the next login.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class PasswordHashingTests
{
    [Fact]
    public void NewHashes_Use210000Iterations()
    {
        Assert.Equal(210_000, IterationsOf(PasswordHashing.Hash("a-password")));
    }

    [Fact]
    public void AHashWithFewerIterations_Verifies_AndComesBackUpgraded()
    {
        var old = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(new object(), "a-password");
        Assert.Equal(100_000, IterationsOf(old));

        Assert.True(PasswordHashing.Verify(old, "a-password", out var rehash));
        Assert.NotNull(rehash);
        Assert.Equal(PasswordHashing.Iterations, IterationsOf(rehash));
        Assert.True(PasswordHashing.Verify(rehash, "a-password", out var again));
        Assert.Null(again);
        Assert.False(PasswordHashing.Verify(old, "another-password", out _));
    }

    // Identity's v3 format: a marker byte, the PRF, then the iteration count, big-endian.
    private static int IterationsOf(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
}
