namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Claim and type names of our tokens (§2.6). Beyond the RFC 9068 set, tokens carry what revocation needs;
/// docs/tokens.md documents each one.
/// </summary>
public static class TokenClaims
{
    public const string AccessTokenType = "at+jwt";
    public const string RefreshTokenType = "rt+jwt";

    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Application = "app";

    /// <summary>Refresh-token family id.</summary>
    public const string Family = "fid";

    /// <summary>Generation within the family: 0 for the login, +1 per rotation.</summary>
    public const string Generation = "gen";

    /// <summary>When the family started (Unix seconds); bounds its absolute lifetime without stored state.</summary>
    public const string FamilyIssuedAt = "fiat";

    /// <summary>The account's id (absent for visitors and client credentials tokens without an owner).</summary>
    public const string UserId = "uid";

    /// <summary>The account's epoch at issuance; an account whose epoch moved on rejects the token.</summary>
    public const string UserEpoch = "uep";

    /// <summary>The client's registration version at issuance; a deactivated client rejects older tokens.</summary>
    public const string ClientVersion = "cver";

    public const string BackofficeApplication = "backoffice";
    public const string StorefrontApplication = "storefront";
}
