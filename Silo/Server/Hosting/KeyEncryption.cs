using Microsoft.Extensions.Options;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Silo.Hosting;

/// <summary>Finds the key-encryption key of <c>Keys:*</c> (§6) and builds the silo's <see cref="KeyProtector"/> from it.</summary>
public static class KeyEncryption
{
    /// <summary>The file standalone mode generates in its data directory when no key-encryption key is configured.</summary>
    public const string StandaloneFileName = "key-encryption.key";

    /// <param name="options">The <c>Keys</c> section.</param>
    /// <param name="standaloneDataDirectory">The standalone data directory, where a missing key is generated; null for
    /// a cluster silo, which refuses to start without one unless <see cref="KeysOptions.AllowPlaintext"/>.</param>
    public static KeyProtector Resolve(KeysOptions options, string? standaloneDataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey) && !string.IsNullOrWhiteSpace(options.EncryptionKeyFile))
        {
            throw Invalid("EncryptionKey: set Keys:EncryptionKey or Keys:EncryptionKeyFile, not both");
        }

        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return new KeyProtector(Decode(options.EncryptionKey, "EncryptionKey"));
        }

        if (!string.IsNullOrWhiteSpace(options.EncryptionKeyFile))
        {
            string text;
            try
            {
                text = File.ReadAllText(options.EncryptionKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Invalid($"EncryptionKeyFile: cannot read '{options.EncryptionKeyFile}' ({e.GetType().Name})");
            }

            return new KeyProtector(Decode(text, "EncryptionKeyFile"));
        }

        if (options.AllowPlaintext)
        {
            return KeyProtector.Plaintext;
        }

        if (standaloneDataDirectory is null)
        {
            throw Invalid("EncryptionKey: a cluster silo needs a key-encryption key (Keys:EncryptionKey or Keys:EncryptionKeyFile, base64 of 256 bits, e.g. from 'openssl rand -base64 32'); Keys:AllowPlaintext=true stores keys in the clear");
        }

        return new KeyProtector(Decode(GenerateOnce(Path.Combine(standaloneDataDirectory, StandaloneFileName)), StandaloneFileName));
    }

    /// <summary>Reads the standalone key file, creating it (owner read/write only) with 256 random bits first if missing.</summary>
    private static string GenerateOnce(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var file = new StreamWriter(path, System.Text.Encoding.ASCII, create);
                file.WriteLine(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process of the same data directory created it first: use theirs.
            }
        }

        return File.ReadAllText(path);
    }

    private static byte[] Decode(string base64, string key)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            return bytes.Length == 32 ? bytes : throw Invalid($"{key}: the key-encryption key must be 256 bits (32 bytes, base64), not {bytes.Length} bytes");
        }
        catch (FormatException)
        {
            throw Invalid($"{key}: the key-encryption key is not base64");
        }
    }

    private static OptionsValidationException Invalid(string failure) => new(KeysOptions.Section, typeof(KeysOptions), [$"{KeysOptions.Section}:{failure}"]);
}
