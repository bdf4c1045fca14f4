namespace OroOrleans.Grains.Tokens;

/// <summary>
/// A guest access token signed ahead (<see cref="GuestTokenReserve"/>), with what serving it needs: the visitor
/// subject and family id it carries (the refresh token made at request time repeats them), when it was signed
/// and expires, and the client version and signing key it was made with (a change of either discards it).
/// </summary>
public sealed record ReservedGuestToken(string AccessToken, string Subject, string FamilyId, DateTimeOffset MintedAt, DateTimeOffset ExpiresAt, long ClientVersion, string? KeyId);
