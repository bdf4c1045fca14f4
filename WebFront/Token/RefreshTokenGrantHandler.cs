using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// The refresh token grant, RFC 6749 §6 (§3): one call to the token inspector, which checks the token statelessly
/// and then asks the family's grain, which verifies again, rotates and detects reuse. The revocations it made are
/// applied to this node's view before the answer leaves, so the node that took the call rejects the superseded (or,
/// on reuse, every) access token of the family at once.
/// </summary>
public sealed class RefreshTokenGrantHandler(ClusterCalls cluster, RevocationView revocations, RevocationObserverReference self)
    : ITokenGrantHandler
{
    public string GrantType => GrantTypes.RefreshToken;

    public IReadOnlyList<string> RequiredParameters { get; } = [Parameters.RefreshToken];

    public IReadOnlyList<string> OptionalParameters { get; } = [];

    public RateLimitBudget RateLimitOf(TokenRequest request) => RateLimitBudget.Refresh;

    public async Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client)
    {
        var token = request[Parameters.RefreshToken]!;
        // One call (§2.7): a stateless worker checks the client, the signature and the claims first, so a forged
        // token never activates the family grain it names, then asks the family's grain, which alone decides.
        // Safe to resend: a rotation written before its answer was lost is answered again with the same pair (§3's
        // Tokens:RefreshRetryWindow), so a silo that dies between the write and the answer costs no session. This
        // node applies the rotation's fact from the answer, so the ledger is told not to push it here too.
        var redeem = new RefreshGrantRequest(client, token, self.Current);
        var outcome = await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).RedeemRefreshToken(redeem));
        switch (outcome)
        {
            case TokenRotated rotated:
                Apply(rotated.Revocations);
                return rotated.Issued;
            case RefreshDenied denied:
                Apply(denied.Revocations);
                return new TokenDenied(denied.Reason);
            default:
                return outcome;
        }
    }

    private void Apply(IReadOnlyList<RevocationFact> facts)
    {
        foreach (var fact in facts)
        {
            revocations.Apply(fact);
        }
    }
}
