namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Mints tokens. A stateless worker: every silo runs one activation per core, from cached client registrations
/// and the cached key ring, so issuing never funnels through one grain.
/// </summary>
[Alias("ITokenIssuerGrain")]
public interface ITokenIssuerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The resource owner password grant (RFC 6749 §4.3; §2.2), including the storefront's guest login
    /// (<c>guest</c>/<c>guest</c> on a storefront client: a new visitor, nothing stored).
    /// </summary>
    [Alias("IssuePassword")]
    Task<TokenOutcome> IssuePassword(PasswordGrantRequest request);

    /// <summary>The client credentials grant (RFC 6749 §4.4; §2.2): a token on behalf of the client's owner, no refresh token.</summary>
    [Alias("IssueClientCredentials")]
    Task<TokenOutcome> IssueClientCredentials(ClientCredentialsGrantRequest request);
}
