using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// The signing key an operator supplied as a PEM file (<c>Keys:SigningKeyPemFile</c>), read by the silo host at start,
/// or none. With one, the key ring imports it as the active key once and does not rotate signing keys on its
/// schedule (refresh keys still rotate). Silo-local: never sent anywhere.
/// </summary>
/// <param name="Key">The key, its <c>kid</c> its RFC 7638 thumbprint; null when the ring makes its own keys.</param>
public sealed record OperatorSigningKey(SigningKey? Key)
{
    public static OperatorSigningKey None { get; } = new((SigningKey?)null);
}
