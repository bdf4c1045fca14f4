using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Revocation;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// The refresh token grant, RFC 6749 §6 (§3): a stateless check of the token, then one call to the family's grain,
/// which verifies, rotates and detects reuse. The revocations it made are applied to this node's view before the answer leaves, so the node that
/// took the call rejects the superseded (or, on reuse, every) access token of the family at once.
/// </summary>
public sealed class RefreshTokenGrantHandler(ClusterCalls cluster, RevocationView revocations) : ITokenGrantHandler
{
    private static readonly TokenDenied Unreadable = new(DenialReason.RefreshTokenUnreadable);

    public string GrantType => GrantTypes.RefreshToken;

    public IReadOnlyList<string> RequiredParameters { get; } = [Parameters.RefreshToken];

    public IReadOnlyList<string> OptionalParameters { get; } = [];

    public RateLimitBudget RateLimitOf(TokenRequest request) => RateLimitBudget.Refresh;

    public async Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client)
    {
        var token = request[Parameters.RefreshToken]!;
        // §2.7: the client, the signature and the claims are checked by a stateless worker first, so a forged
        // token never activates the family grain it names. The family's grain checks again: it alone decides.
        var refusal = await cluster.Retrying(grains => grains.Get<ITokenInspectorGrain>(0).CheckRefreshGrant(client, token));
        if (refusal is { } reason)
        {
            return new TokenDenied(reason);
        }

        if (TokenPeek.FamilyOf(token) is not { } familyId)
        {
            return Unreadable;
        }

        // Safe to resend: a rotation written before its answer was lost is answered again with the same pair (§3's
        // Tokens:RefreshRetryWindow), so a silo that dies between the write and the answer costs no session.
        var outcome = await cluster.Retrying(grains => grains.Get<IRefreshFamilyGrain>(familyId).Rotate(new RefreshGrantRequest(client, token)));
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
