using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;
using Isopoh.Cryptography.SecureArray;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Password hashes made by Oro (PHP's <c>password_hash</c>: bcrypt <c>$2y$</c>, also <c>$2a$</c>/<c>$2b$</c>, and
/// argon2id <c>$argon2id$</c>), stored as imported and verified with maintained libraries until the first successful
/// login replaces them with ours (§5): bcrypt with BCrypt.Net-Next, argon2id with libsodium's
/// <c>crypto_pwhash_str_verify</c> through Geralt, native code 8× faster than the managed Isopoh (<c>bench/Hasher</c>) that
/// unmaps its memory when it returns (Isopoh only reads a hash's parameters here). Our own hashes are base64 and never
/// start with <c>$</c>, so the prefix alone tells the two apart.
/// Costs are bounded at import so that a file cannot plant a hash whose verification would stall a silo (each wrong
/// guess runs one verification in a grain turn): bcrypt cost 4–14 (Oro's default is 13), argon2id memory at most
/// 128 MiB, time cost at most 8, at most 4 lanes (PHP's defaults are 64 MiB, 4 and 1); and an argon2id hash must be
/// one libsodium verifies (version 19, a salt of at least 8 bytes, a digest of at least 16, at most 127 characters in
/// all), or its account could never log in.
/// The bound is per verification; different accounts verify in parallel, so the memory of all argon2id verifications
/// under way on a silo is bounded too, by <see cref="ImportedHashMemory"/> (<c>Passwords:ImportedHashMemoryMiB</c>,
/// default 256 MiB): a verification that cannot get its memory within <c>Passwords:ImportedHashMemoryWait</c> is not
/// run, counts no wrong password, and the login is answered <c>503 temporarily_unavailable</c> (§2.5).
/// </summary>
public static class ImportedPasswordHashes
{
    public const int MaxBcryptCost = 14;

    public const int MaxArgon2MemoryKiB = 128 * 1024;

    public const int MaxArgon2TimeCost = 8;

    public const int MaxArgon2Lanes = 4;

    /// <summary>
    /// libsodium's bounds on an encoded argon2id hash: <c>crypto_pwhash_STRBYTES</c> holds the terminating NUL too (a
    /// hash of 128 characters is refused as unterminated) and <c>ARGON2_MIN_OUTLEN</c>; its salt of at least 8 bytes
    /// Isopoh's reading already demands.
    /// </summary>
    public const int MaxArgon2HashLength = Geralt.Argon2id.HashSize - 1;

    public const int MinArgon2DigestBytes = 16;

    /// <summary>True when <paramref name="hash"/> is written in a foreign format (it may still be malformed).</summary>
    public static bool IsForeign(string hash) => hash.StartsWith('$');

    /// <summary>Why <paramref name="hash"/> cannot be imported, or null when it can.</summary>
    public static string? Problem(string hash)
    {
        if (IsBcrypt(hash))
        {
            // $2y$13$ + 22 characters of salt + 31 of hash, in bcrypt's base64 alphabet.
            return hash.Length == 60 && hash[6] == '$'
                && int.TryParse(hash.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var cost)
                && hash.AsSpan(7).ContainsAnyExcept(BcryptAlphabet) is false
                ? cost is >= 4 and <= MaxBcryptCost ? null : $"bcrypt cost {cost} is outside 4–{MaxBcryptCost}"
                : "malformed bcrypt hash";
        }

        if (IsArgon2id(hash))
        {
            return Decode(hash, out var digestBytes) is not { } config || config.Type != Argon2Type.HybridAddressing ? "malformed argon2id hash"
                : config.Version != Argon2Version.Nineteen ? "argon2id version other than 19"
                : hash.Length > MaxArgon2HashLength ? $"argon2id hash longer than {MaxArgon2HashLength} characters"
                : digestBytes < MinArgon2DigestBytes ? $"argon2id digest shorter than {MinArgon2DigestBytes} bytes"
                : config.MemoryCost > MaxArgon2MemoryKiB ? $"argon2id memory cost above {MaxArgon2MemoryKiB} KiB"
                : config.TimeCost > MaxArgon2TimeCost ? $"argon2id time cost above {MaxArgon2TimeCost}"
                : config.Lanes > MaxArgon2Lanes ? $"argon2id parallelism above {MaxArgon2Lanes}"
                : null;
        }

        return "unsupported password hash (bcrypt $2y$/$2a$/$2b$ or $argon2id$ expected)";
    }

    /// <summary>
    /// The memory that verifying <paramref name="hash"/> allocates, in KiB: an argon2id hash's memory cost; 0 for bcrypt
    /// (4 KiB) and for a hash that cannot be read, which <see cref="Verify"/> refuses before allocating.
    /// </summary>
    public static int Argon2MemoryKiB(string hash) => IsArgon2id(hash) && Decode(hash, out _) is { } config ? config.MemoryCost : 0;

    /// <summary>Checks a password against an imported hash; false for a wrong password or a hash that cannot be read.</summary>
    public static bool Verify(string hash, string password)
    {
        try
        {
            return IsBcrypt(hash) ? BCrypt.Net.BCrypt.Verify(password, hash)
                : IsArgon2id(hash) && VerifyArgon2id(hash, password);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A hash the library cannot use (malformed, or memory it cannot lock) is no match, never a 500.
            return false;
        }
    }

    private static readonly SearchValues<char> BcryptAlphabet = SearchValues.Create("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static bool IsArgon2id(string hash) => hash.StartsWith("$argon2id$", StringComparison.Ordinal);

    /// <summary>PHP's <c>password_verify</c> hashes the password's bytes as sent, UTF-8 from a form; the copy is wiped after.</summary>
    private static bool VerifyArgon2id(string hash, string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Geralt.Argon2id.VerifyHash(hash, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>An argon2id hash's parameters and its digest's length, or null when it cannot be read.</summary>
    private static Argon2Config? Decode(string hash, out int digestBytes)
    {
        var config = new Argon2Config();
        digestBytes = 0;
        SecureArray<byte>? digest;
        try
        {
            if (!config.DecodeString(hash, out digest) || digest is null)
            {
                return null;
            }
        }
        catch (ArgumentException)
        {
            // Isopoh throws on some shapes instead of answering false: a salt under 8 bytes.
            return null;
        }

        digestBytes = digest.Buffer.Length;
        digest.Dispose();
        return config;
    }

    private static bool IsBcrypt(string hash) =>
        hash.StartsWith("$2y$", StringComparison.Ordinal) || hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal);
}
