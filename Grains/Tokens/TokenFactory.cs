using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>Writes access tokens (RFC 9068) and refresh tokens (§2.6). Pure: no grain calls, no I/O.</summary>
public sealed class TokenFactory(IOptions<TokenOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    // The header's typ (RFC 9068 for access tokens); the handler writes alg and kid from the credentials. Shared by
    // every thread, so frozen: the handler only reads it, and nothing else can write it.
    private static readonly FrozenDictionary<string, object> AccessTokenHeader =
        new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = TokenClaims.AccessTokenType }.ToFrozenDictionary();
    private static readonly FrozenDictionary<string, object> RefreshTokenHeader =
        new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = TokenClaims.RefreshTokenType }.ToFrozenDictionary();

    public TokenOptions Options => options.Value;

    /// <summary>A family id, visitor id or token id: 128 random bits as 32 lowercase hex digits.</summary>
    public static string NewId()
    {
        // A guest login makes four. Each RandomNumberGenerator.Fill is a call into OpenSSL's generator that costs
        // ~2 µs here (3 µs with two threads: a lock and a getpid system call each), 9 % of an ES256 login's CPU in a
        // profile; so each thread draws 32 ids' worth at once and hands them out in order, each slice used once.
        var buffer = idBytes ??= new byte[IdBytes * IdsPerDraw];
        if (idOffset == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        var random = buffer.AsSpan(idOffset, IdBytes);
        var id = Convert.ToHexStringLower(random);
        random.Clear();
        idOffset = (idOffset + IdBytes) % buffer.Length;
        return id;
    }

    private const int IdBytes = 16;
    private const int IdsPerDraw = 32;

    // Per thread, so no lock: the next ids' random bytes, drawn together, and where the unused ones start.
    [ThreadStatic] private static byte[]? idBytes;
    [ThreadStatic] private static int idOffset;

    /// <summary>
    /// Issues an access token and, when <paramref name="family"/> is given, the refresh token of that family's
    /// generation.
    /// </summary>
    public TokenIssued Issue(TokenSubject subject, SigningMaterial keys, RefreshFamilyPosition? family)
    {
        var now = time.GetUtcNow();
        var refreshToken = family is null ? null : WriteRefreshToken(subject, keys, family, now);
        var accessToken = WriteAccessToken(subject, family?.FamilyId, family?.Generation ?? 0, keys.AccessToken(now), now);
        return new TokenIssued(accessToken, refreshToken, (int)options.Value.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>
    /// A guest access token for the reserve (§2.2): a new visitor and family, signed now, served later by
    /// <see cref="IssueReserved"/> with a refresh token of the same visitor and family.
    /// </summary>
    public ReservedGuestToken MintGuest(ClientRegistration client, SigningMaterial keys)
    {
        var now = time.GetUtcNow();
        var subject = new TokenSubject(client, ShoppingListOwners.Visitor(NewId()), null, null, "");
        var familyId = NewId();
        var credentials = keys.AccessToken(now);
        var token = WriteAccessToken(subject, familyId, 0, credentials, now);
        return new ReservedGuestToken(token, subject.Subject, familyId, now, now + options.Value.AccessTokenLifetime, client.Version, credentials.Key.KeyId);
    }

    /// <summary>
    /// Serves a reserved guest access token: the refresh token is made now, for the token's visitor and family
    /// (generation 0, the family dated from the access token's signing), and <c>expires_in</c> is the access
    /// token's true remaining lifetime in whole seconds.
    /// </summary>
    public TokenIssued IssueReserved(ReservedGuestToken reserved, ClientRegistration client, SigningMaterial keys)
    {
        var now = time.GetUtcNow();
        var subject = new TokenSubject(client, reserved.Subject, null, null, "");
        var refresh = WriteRefreshToken(subject, keys, new RefreshFamilyPosition(reserved.FamilyId, 0, reserved.MintedAt), now);
        return new TokenIssued(reserved.AccessToken, refresh, (int)Math.Max(0, Math.Floor((reserved.ExpiresAt - now).TotalSeconds)));
    }

    /// <summary>An access token (RFC 9068): the family's claims only when it has a refresh token.</summary>
    private string WriteAccessToken(TokenSubject subject, string? familyId, long generation, SigningCredentials credentials, DateTimeOffset now)
    {
        var o = options.Value;
        var w = PayloadWriter.Start();
        PayloadWriter.WriteRegistered(w, subject.Client.Identifier, o.Issuer, now + o.AccessTokenLifetime, now, notBefore: true);
        w.WriteString(JwtRegisteredClaimNames.Sub, subject.Subject);
        w.WriteString(JwtRegisteredClaimNames.Jti, NewId());
        w.WriteString(TokenClaims.ClientId, subject.Client.Identifier);
        w.WriteString(TokenClaims.Scope, subject.Scope);
        w.WriteString(TokenClaims.Application, subject.Client.Frontend ? TokenClaims.StorefrontApplication : TokenClaims.BackofficeApplication);
        w.WriteNumber(TokenClaims.ClientVersion, subject.Client.Version);
        WriteAccount(w, subject);
        if (familyId is not null)
        {
            w.WriteString(TokenClaims.Family, familyId);
            w.WriteNumber(TokenClaims.Generation, generation);
        }

        return Handler.CreateToken(PayloadWriter.Finish(w), credentials, AccessTokenHeader);
    }

    private string WriteRefreshToken(TokenSubject subject, SigningMaterial keys, RefreshFamilyPosition family, DateTimeOffset now)
    {
        var o = options.Value;
        // Sliding lifetime, never past the family's absolute end (§3).
        var expires = Min(now + o.RefreshTokenLifetime, family.IssuedAt + o.FamilyLifetime);
        var w = PayloadWriter.Start();
        PayloadWriter.WriteRegistered(w, subject.Client.Identifier, o.Issuer, expires, now, notBefore: false);
        w.WriteString(JwtRegisteredClaimNames.Sub, subject.Subject);
        w.WriteString(JwtRegisteredClaimNames.Jti, NewId());
        w.WriteString(TokenClaims.Family, family.FamilyId);
        w.WriteNumber(TokenClaims.Generation, family.Generation);
        w.WriteNumber(TokenClaims.FamilyIssuedAt, family.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber(TokenClaims.ClientVersion, subject.Client.Version);
        // Carried so that a rotation grants the same scope without stored state (§3).
        w.WriteString(TokenClaims.Scope, subject.Scope);
        WriteAccount(w, subject);
        return Handler.CreateToken(PayloadWriter.Finish(w), keys.RefreshToken(now), RefreshTokenHeader);
    }

    private static void WriteAccount(Utf8JsonWriter w, TokenSubject subject)
    {
        if (subject.UserId is not null)
        {
            w.WriteString(TokenClaims.UserId, subject.UserId);
        }

        if (subject.UserEpoch is { } epoch)
        {
            w.WriteNumber(TokenClaims.UserEpoch, epoch);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
