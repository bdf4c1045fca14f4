using System.Buffers;
using System.Text;
using System.Text.Unicode;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Auth;

/// <summary>
/// One validated token's claims as a value without references of its own, for <see cref="ValidatedTokenStripe"/>'s
/// slots: the token's own strings (subject, user id, token id, family id) are UTF-8 bytes inside it, and the strings
/// shared across tokens (client id, scope, key id) are the validator's pooled copies it only points at.
/// </summary>
public struct CachedClaims
{
    /// <summary>
    /// UTF-8 bytes a token's own strings may take together to be cached: a guest token takes 104, a customer's with
    /// a 100-character email about 170. A token with longer ones is still accepted, and checked on each use.
    /// </summary>
    public const int MaxTextBytes = 192;

    private ApplicationKind application;
    private bool hasUserEpoch;
    private bool hasGeneration;
    private string clientId;
    private string scope;
    private string? keyId;
    private long clientVersion;
    private long userEpoch;
    private long generation;
    private long issuedAtUtcTicks;
    private long expiresAtUtcTicks;

    // The token's own strings, back to back in text; -1 is null.
    private short subjectLength;
    private short userIdLength;
    private short tokenIdLength;
    private short familyIdLength;
    private ClaimBytes text;

    /// <summary>The token these are the claims of.</summary>
    public TokenHash Key { get; private set; }

    /// <summary>False for an empty slot.</summary>
    public bool InUse { get; private set; }

    /// <summary>
    /// The claims of <paramref name="token"/> as a slot's value, or false when its own strings are longer than
    /// <see cref="MaxTextBytes"/> or are not valid UTF-16 (a slot gives back exactly what it was given, or nothing).
    /// </summary>
    public static bool TryCreate(in TokenHash key, AccessToken token, out CachedClaims claims)
    {
        claims = default;
        Span<byte> bytes = claims.text;
        if (!Put(token.Subject, ref bytes, out claims.subjectLength)
            || !Put(token.UserId, ref bytes, out claims.userIdLength)
            || !Put(token.TokenId, ref bytes, out claims.tokenIdLength)
            || !Put(token.FamilyId, ref bytes, out claims.familyIdLength))
        {
            claims = default;
            return false;
        }

        claims.Key = key;
        claims.InUse = true;
        claims.application = token.Application;
        claims.clientId = token.ClientId;
        claims.scope = token.Scope;
        claims.keyId = token.KeyId;
        claims.clientVersion = token.ClientVersion;
        claims.hasUserEpoch = token.UserEpoch.HasValue;
        claims.userEpoch = token.UserEpoch.GetValueOrDefault();
        claims.hasGeneration = token.Generation.HasValue;
        claims.generation = token.Generation.GetValueOrDefault();
        claims.issuedAtUtcTicks = token.IssuedAt.UtcTicks;
        claims.expiresAtUtcTicks = token.ExpiresAt.UtcTicks;
        return true;
    }

    /// <summary>A new <see cref="AccessToken"/> equal to the one these were made from.</summary>
    public readonly AccessToken Read()
    {
        ReadOnlySpan<byte> bytes = text;
        var subject = Take(subjectLength, ref bytes)!;
        var userId = Take(userIdLength, ref bytes);
        var tokenId = Take(tokenIdLength, ref bytes)!;
        var familyId = Take(familyIdLength, ref bytes);
        return new AccessToken(
            subject,
            clientId,
            application,
            userId,
            hasUserEpoch ? userEpoch : null,
            clientVersion,
            familyId,
            hasGeneration ? generation : null,
            tokenId,
            scope,
            new DateTimeOffset(issuedAtUtcTicks, TimeSpan.Zero),
            new DateTimeOffset(expiresAtUtcTicks, TimeSpan.Zero),
            keyId);
    }

    private static bool Put(string? value, ref Span<byte> bytes, out short length)
    {
        length = -1;
        if (value is null)
        {
            return true;
        }

        if (Utf8.FromUtf16(value, bytes, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return false;
        }

        bytes = bytes[written..];
        length = (short)written;
        return true;
    }

    private static string? Take(short length, ref ReadOnlySpan<byte> bytes)
    {
        if (length < 0)
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(bytes[..length]);
        bytes = bytes[length..];
        return value;
    }
}
