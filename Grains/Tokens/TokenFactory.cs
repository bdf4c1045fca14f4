using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>Writes access tokens (RFC 9068) and refresh tokens (§2.6). Pure: no grain calls, no I/O.</summary>
public sealed class TokenFactory(IOptions<TokenOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TokenOptions Options => options.Value;

    /// <summary>A family id or visitor id: 128 random bits as 32 lowercase hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Issues an access token and, when <paramref name="family"/> is given, the refresh token of that family's
    /// generation.
    /// </summary>
    public TokenIssued Issue(TokenSubject subject, SigningMaterial keys, RefreshFamilyPosition? family)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var access = new Dictionary<string, object>(12)
        {
            [JwtRegisteredClaimNames.Sub] = subject.Subject,
            [JwtRegisteredClaimNames.Jti] = NewId(),
            [TokenClaims.ClientId] = subject.Client.Identifier,
            [TokenClaims.Scope] = subject.Scope,
            [TokenClaims.Application] = subject.Client.Frontend ? TokenClaims.StorefrontApplication : TokenClaims.BackofficeApplication,
            [TokenClaims.ClientVersion] = subject.Client.Version,
        };
        AddAccount(access, subject);
        string? refreshToken = null;
        if (family is not null)
        {
            access[TokenClaims.Family] = family.FamilyId;
            access[TokenClaims.Generation] = family.Generation;
            refreshToken = WriteRefreshToken(subject, keys, family, now);
        }

        var accessToken = WriteAccessToken(access, subject, keys.AccessToken(now), now);
        return new TokenIssued(accessToken, refreshToken, (int)o.AccessTokenLifetime.TotalSeconds);
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
        var access = new Dictionary<string, object>(10)
        {
            [JwtRegisteredClaimNames.Sub] = subject.Subject,
            [JwtRegisteredClaimNames.Jti] = NewId(),
            [TokenClaims.ClientId] = client.Identifier,
            [TokenClaims.Scope] = subject.Scope,
            [TokenClaims.Application] = TokenClaims.StorefrontApplication,
            [TokenClaims.ClientVersion] = client.Version,
            [TokenClaims.Family] = familyId,
            [TokenClaims.Generation] = 0,
        };
        var token = WriteAccessToken(access, subject, credentials, now);
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

    private string WriteAccessToken(Dictionary<string, object> claims, TokenSubject subject, SigningCredentials credentials, DateTimeOffset now)
    {
        var o = options.Value;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = subject.Client.Identifier,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + o.AccessTokenLifetime).UtcDateTime,
            TokenType = TokenClaims.AccessTokenType,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }

    private string WriteRefreshToken(TokenSubject subject, SigningMaterial keys, RefreshFamilyPosition family, DateTimeOffset now)
    {
        var o = options.Value;
        // Sliding lifetime, never past the family's absolute end (§3).
        var expires = Min(now + o.RefreshTokenLifetime, family.IssuedAt + o.FamilyLifetime);
        var claims = new Dictionary<string, object>(8)
        {
            [JwtRegisteredClaimNames.Sub] = subject.Subject,
            [JwtRegisteredClaimNames.Jti] = NewId(),
            [TokenClaims.Family] = family.FamilyId,
            [TokenClaims.Generation] = family.Generation,
            [TokenClaims.FamilyIssuedAt] = family.IssuedAt.ToUnixTimeSeconds(),
            [TokenClaims.ClientVersion] = subject.Client.Version,
            // Carried so that a rotation grants the same scope without stored state (§3).
            [TokenClaims.Scope] = subject.Scope,
        };
        AddAccount(claims, subject);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = subject.Client.Identifier,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = TokenClaims.RefreshTokenType,
            Claims = claims,
            SigningCredentials = keys.RefreshToken(now),
        });
    }

    private static void AddAccount(Dictionary<string, object> claims, TokenSubject subject)
    {
        if (subject.UserId is not null)
        {
            claims[TokenClaims.UserId] = subject.UserId;
        }

        if (subject.UserEpoch is { } epoch)
        {
            claims[TokenClaims.UserEpoch] = epoch;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
