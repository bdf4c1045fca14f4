namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Mints tokens. A stateless worker: every silo runs one activation per core, from cached client registrations
/// and the cached key ring, so issuing never funnels through one grain.
/// </summary>
[Alias("ITokenIssuerGrain")]
public interface ITokenIssuerGrain : IGrainWithIntegerKey
{
    /// <summary>The resource owner password grant (RFC 6749 §4.3; §2.2).</summary>
    [Alias("IssuePassword")]
    Task<TokenOutcome> IssuePassword(PasswordGrantRequest request);
}
