using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Users;

/// <summary>What a silo may spend on checking passwords (§5). Section <c>Passwords</c>.</summary>
public sealed class PasswordOptions
{
    public const string Section = "Passwords";

    /// <summary>The largest argon2id memory cost an import accepts, in MiB: the least budget that can verify every hash.</summary>
    public const int LargestImportedHashMiB = ImportedPasswordHashes.MaxArgon2MemoryKiB / 1024;

    /// <summary>
    /// MiB of memory that verifications of imported argon2id hashes may hold at once on this silo (bcrypt and our own
    /// hashes need a few KiB and do not count). A verification waits, first come first served, until its memory cost
    /// fits. Default 256 (two verifications at the largest importable cost, four at PHP's default of 64 MiB); at
    /// least 128, the largest importable cost, or such a hash could never be checked.
    /// </summary>
    [Range(LargestImportedHashMiB, 1_048_576)]
    public int ImportedHashMemoryMiB { get; set; } = 256;

    /// <summary>
    /// How long a verification waits for its memory before the login is answered <c>503 temporarily_unavailable</c>
    /// (§2.5) instead, counting no wrong password. Default 2 s. Keep it, plus one verification (whose time grows with
    /// the hash's memory and time costs), below the front ends' <c>Orleans:ResponseTimeout</c> (5 s), or the front end gives up first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ImportedHashMemoryWait { get; set; } = TimeSpan.FromSeconds(2);
}

[OptionsValidator]
public sealed partial class PasswordOptionsValidator : IValidateOptions<PasswordOptions>;
