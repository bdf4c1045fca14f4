using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Password hashes made by Oro (PHP's <c>password_hash</c>: bcrypt <c>$2y$</c>, also <c>$2a$</c>/<c>$2b$</c>, and
/// argon2id <c>$argon2id$</c>), stored as imported and verified with maintained libraries until the first successful
/// login replaces them with ours (§5): bcrypt with BCrypt.Net-Next, argon2id with libsodium's
/// <c>crypto_pwhash_str_verify</c> through Geralt, native code that is 8× faster than the managed Isopoh
/// (<c>bench/Hasher</c>) and unmaps its memory when it returns. Isopoh reads a hash's parameters, and verifies only the
/// hashes an earlier version imported in a shape libsodium refuses. Our own hashes are base64 and never start with
/// <c>$</c>, so the prefix alone tells the two apart.
/// Costs are bounded at import so that a file cannot plant a hash whose verification would stall a silo (each wrong
/// guess runs one verification in a grain turn): bcrypt cost 4–14 (Oro's default is 13), argon2id memory at most
/// 128 MiB, time cost at most 8, at most 4 lanes (PHP's defaults are 64 MiB, 4 and 1); and an argon2id hash must be
/// one libsodium verifies, or its account could never log in: version 19, written as PHP writes it (no padding, no
/// leading zeros, no <c>data=</c>: the parameters read back must write the same string), a salt of at least 8 bytes,
/// a digest of at least 16, at least 8 KiB of memory per lane, at most 127 characters in all.
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
    /// The bounds on an encoded argon2id hash that libsodium verifies: Geralt copies it into a buffer of
    /// <c>crypto_pwhash_STRBYTES</c> (128) with its terminating NUL, so a hash of 128 characters is refused as
    /// unterminated; libsodium's <c>ARGON2_MIN_OUTLEN</c>; its salt of at least 8 bytes Isopoh's reading already demands.
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
            return Decode(hash, out var digestBytes, out var canonical) is not { } config || config.Type != Argon2Type.HybridAddressing ? "malformed argon2id hash"
                : config.Version != Argon2Version.Nineteen ? "argon2id version other than 19"
                : !canonical ? "argon2id hash not written as PHP writes it (padding, leading zeros or data=)"
                : hash.Length > MaxArgon2HashLength ? $"argon2id hash longer than {MaxArgon2HashLength} characters"
                : digestBytes < MinArgon2DigestBytes ? $"argon2id digest shorter than {MinArgon2DigestBytes} bytes"
                : config.MemoryCost < 8 * config.Lanes ? "argon2id memory cost below 8 KiB per lane"
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
    public static int Argon2MemoryKiB(string hash) => IsArgon2id(hash) && Decode(hash, out _, out _) is { } config ? config.MemoryCost : 0;

    /// <summary>
    /// Checks a password against an imported hash; false for a wrong password or a hash that cannot be read. A verifier
    /// that cannot run (libsodium missing or of another version) throws instead: a wrong password counts towards the
    /// lockout, and a silo that cannot verify must not lock every imported customer out.
    /// </summary>
    public static bool Verify(string hash, string password)
    {
        if (IsArgon2id(hash))
        {
            return VerifyArgon2id(hash, password);
        }

        try
        {
            return IsBcrypt(hash) && BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A hash the library cannot use (malformed, or memory it cannot lock) is no match, never a 500.
            return false;
        }
    }

    private static readonly SearchValues<char> BcryptAlphabet = SearchValues.Create("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static bool IsArgon2id(string hash) => hash.StartsWith("$argon2id$", StringComparison.Ordinal);

    /// <summary>
    /// Verifies one password a known argon2id hash was made from, as a silo does at start: null when libsodium answers
    /// it, else why not (its native library missing or of another version).
    /// </summary>
    public static string? SelfTest()
    {
        const string Known = "$argon2id$v=19$m=64,t=1,p=1$b3Jvb3JsZWFucy1zYWx0IQ$U/6UMvygTUTxLa6J0pO0JV+eFSwk5m9oF7VwJJ7SJrw";
        try
        {
            return VerifyArgon2id(Known, "oroorleans self-test") && !VerifyArgon2id(Known, "oroorleans self-test!")
                ? null
                : "libsodium's crypto_pwhash_str_verify does not answer a known argon2id hash";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"libsodium cannot run: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>
    /// PHP's <c>password_verify</c> hashes the password's bytes as sent, UTF-8 from a form; the copy is wiped after. A
    /// hash libsodium refuses (stored by an earlier version's import, see <see cref="Problem"/>) goes to Isopoh.
    /// Geralt's own refusals of a hash's shape are no match; a library that cannot load throws. libsodium answers a
    /// failure to map the memory as it answers a wrong password, and nothing tells the two apart: with Linux's
    /// overcommit and <see cref="ImportedHashMemory"/>'s budget it does not happen in practice.
    /// </summary>
    private static bool VerifyArgon2id(string hash, string password)
    {
        if (Problem(hash) is not null)
        {
            try
            {
                return Argon2.Verify(hash, password);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return false;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return Geralt.Argon2id.VerifyHash(hash, bytes);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// An argon2id hash's parameters, its digest's length and whether the parameters write the hash back as it is
    /// (PHP's own writing), or null when it cannot be read.
    /// </summary>
    private static Argon2Config? Decode(string hash, out int digestBytes, out bool canonical)
    {
        var config = new Argon2Config();
        (digestBytes, canonical) = (0, false);
        try
        {
            if (!config.DecodeString(hash, out var digest) || digest is null)
            {
                return null;
            }

            using (digest)
            {
                digestBytes = digest.Buffer.Length;
                canonical = string.Equals(config.EncodeString(digest.Buffer), hash, StringComparison.Ordinal);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Isopoh throws on some shapes instead of answering false: a salt under 8 bytes (ArgumentException), a
            // hash that ends in its parameters (IndexOutOfRangeException).
            return null;
        }

        return config;
    }

    private static bool IsBcrypt(string hash) =>
        hash.StartsWith("$2y$", StringComparison.Ordinal) || hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal);
}
