using OroOrleans.Grains.Users;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// A silo verifies one known argon2id hash with libsodium before it starts: a native library that is missing or of
/// another version would otherwise answer every imported customer's right password as wrong, and lock them out.
/// </summary>
internal static class ImportedHashCheck
{
    public static void Require()
    {
        if (ImportedPasswordHashes.SelfTest() is { } problem)
        {
            throw new StartupConfigurationException($"argon2id hashes imported from Oro cannot be verified: {problem}");
        }
    }
}
