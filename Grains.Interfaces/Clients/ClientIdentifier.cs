namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The shape of a client identifier (§5: 32 letters or digits; when all 32 are hexadecimal digits, as Oro's are, in
/// lower case: storage reads such an identifier as a GUID whatever its case, so an upper-case spelling would be a
/// second activation of the same client, <see cref="StorageKeys"/>). One rule for the seed, the API and the front end,
/// which refuses any other <c>client_id</c> before a grain is asked (§2.7), so made-up ids cost no activation.
/// </summary>
public static class ClientIdentifier
{
    public const int Length = 32;

    public static bool IsWellFormed(string? identifier) =>
        identifier is { Length: Length } && identifier.All(char.IsAsciiLetterOrDigit) && StorageKeys.IsCanonical(identifier);
}
