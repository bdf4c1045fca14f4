using System.Diagnostics;
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

    // The last verifications' durations (Stopwatch ticks), seeded with one, so that an answer given without a hash can
    // take as long as one that computed it (TimeOfOneVerification). Torn or lost updates only change which recent
    // duration is told.
    private static readonly long[] RecentDurations = Seed();
    private static int recentIndex;

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

        var result = Timed(hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehash = Hash(password);
        }

        return result != PasswordVerificationResult.Failed;
    }

    /// <summary>Spends the time of one verification without an account, to keep unknown users indistinguishable.</summary>
    public static void VerifyAgainstDummy(string password) => Timed(DummyHash, password);

    /// <summary>
    /// How long one verification of our own hash took here lately: one of the last 16, at random, so that padding an
    /// answer given without a hash (the automatic lockout, §5) to it varies as a real verification does.
    /// </summary>
    public static TimeSpan TimeOfOneVerification() =>
        Stopwatch.GetElapsedTime(0, Volatile.Read(ref RecentDurations[Random.Shared.Next(RecentDurations.Length)]));

    private static PasswordVerificationResult Timed(string hash, string password)
    {
        var started = Stopwatch.GetTimestamp();
        var result = Hasher.VerifyHashedPassword(Marker, hash, password);
        Volatile.Write(ref RecentDurations[(uint)Interlocked.Increment(ref recentIndex) % RecentDurations.Length], Stopwatch.GetTimestamp() - started);
        return result;
    }

    private static long[] Seed()
    {
        // The first verification pays for loading and compiling; the second is one's usual time.
        Hasher.VerifyHashedPassword(Marker, DummyHash, "");
        var started = Stopwatch.GetTimestamp();
        Hasher.VerifyHashedPassword(Marker, DummyHash, "");
        return Enumerable.Repeat(Stopwatch.GetTimestamp() - started, 16).ToArray();
    }
}
