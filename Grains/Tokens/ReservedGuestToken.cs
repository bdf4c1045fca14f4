using System.Text;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// A guest access token signed ahead (<see cref="GuestTokenReserve"/>), with what serving it needs: the visitor
/// subject and family id it carries (the refresh token made at request time repeats them), when it was signed
/// and expires, and the client version and signing key it was made with (a change of either discards it).
/// </summary>
/// <remarks>
/// The token is kept as its ASCII bytes (a JWT is base64url and dots), half the memory of a .NET string: a full
/// reserve is mostly these tokens, and what it holds the GC copies on every promotion. Serving one decodes it again.
/// </remarks>
public sealed class ReservedGuestToken(string accessToken, string subject, string familyId, DateTimeOffset mintedAt, DateTimeOffset expiresAt, long clientVersion, string? keyId)
{
    // Strict: a character outside ASCII is an exception when the token is kept, never a '?' in a token served later.
    private static readonly Encoding Ascii = Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private readonly byte[] accessToken = Ascii.GetBytes(accessToken);

    /// <summary>The signed access token, a new string on each read.</summary>
    public string AccessToken => Ascii.GetString(accessToken);

    public string Subject { get; } = subject;

    public string FamilyId { get; } = familyId;

    public DateTimeOffset MintedAt { get; } = mintedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public long ClientVersion { get; } = clientVersion;

    public string? KeyId { get; } = keyId;
}
