namespace OroOrleans.WebFront.Auth;

/// <summary>The in-memory revocation view a front end consults after a token's signature and claims check out.</summary>
public interface IAccessTokenRevocationCheck
{
    /// <summary>True when the token's family, account epoch, client version or id has been revoked.</summary>
    bool IsRevoked(AccessToken token);
}
