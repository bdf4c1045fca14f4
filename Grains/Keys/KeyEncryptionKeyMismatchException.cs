namespace OroOrleans.Grains.Keys;

/// <summary>
/// The stored key ring does not open with this silo's key-encryption key (a wrong key, or none for a sealed ring):
/// a configuration error that no retry mends, so a silo meeting it at start refuses to start (<see cref="KeyRingStartup"/>).
/// </summary>
public sealed class KeyEncryptionKeyMismatchException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
