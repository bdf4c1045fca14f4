using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;

namespace OroOrleans.Grains.Users;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted) at OWASP's
/// 210,000 iterations: a maintained slow hash, no crypto of our own (§5). A hash stored with fewer iterations
/// verifies as "rehash needed" and is replaced on the next successful login, and so does a hash imported from Oro
/// (<see cref="ImportedPasswordHashes"/>): the foreign hash is dropped once the password has been seen.
/// </summary>
public static class PasswordHashing
{
    /// <summary>PBKDF2 iterations of new hashes: OWASP's figure for PBKDF2-HMAC-SHA512 (Identity's default is 100,000).</summary>
    public const int Iterations = 210_000;

    private static readonly PasswordHasher<object> Hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = Iterations }));

    // PasswordHasher ignores the user argument; one marker object stands for every account.
    private static readonly object Marker = new();

    // Verified against when no account matches, so that an unknown user costs as much time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(Marker, "not-a-password-" + Guid.NewGuid());

    public static string Hash(string password) => Hasher.HashPassword(Marker, password);

    /// <summary>Checks a password; <paramref name="rehash"/> is a new hash when the stored one uses old parameters.</summary>
    public static bool Verify(string hash, string password, out string? rehash)
    {
        rehash = null;
        if (ImportedPasswordHashes.IsForeign(hash))
        {
            var matched = ImportedPasswordHashes.Verify(hash, password);
            rehash = matched ? Hash(password) : null;
            return matched;
        }

        var result = Hasher.VerifyHashedPassword(Marker, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehash = Hash(password);
        }

        return result != PasswordVerificationResult.Failed;
    }

    /// <summary>Spends the time of one verification without an account, to keep unknown users indistinguishable.</summary>
    public static void VerifyAgainstDummy(string password) => Hasher.VerifyHashedPassword(Marker, DummyHash, password);
}
