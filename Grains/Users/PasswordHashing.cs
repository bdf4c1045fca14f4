using Microsoft.AspNetCore.Identity;

namespace OroOrleans.Grains.Users;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000 iterations, salted):
/// a maintained slow hash, no crypto of our own (§5).
/// </summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<object> Hasher = new();

    // PasswordHasher ignores the user argument; one marker object stands for every account.
    private static readonly object Marker = new();

    // Verified against when no account matches, so that an unknown user costs as much time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(Marker, "not-a-password-" + Guid.NewGuid());

    public static string Hash(string password) => Hasher.HashPassword(Marker, password);

    /// <summary>Checks a password; <paramref name="rehash"/> is a new hash when the stored one uses old parameters.</summary>
    public static bool Verify(string hash, string password, out string? rehash)
    {
        rehash = null;
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
