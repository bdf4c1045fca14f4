using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Hosting;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>The resource owner password credentials grant, RFC 6749 §4.3 (§2.2).</summary>
public sealed class PasswordGrantHandler(ClusterCalls cluster) : ITokenGrantHandler
{
    public string GrantType => GrantTypes.Password;

    // One reference for every request: GetGrain resolves the interface's grain type by reflection on each call,
    // 4 % of a guest login's CPU in a profile. The issuer is a stateless worker, so its one key serves every call.
    private ITokenIssuerGrain? issuer;

    public IReadOnlyList<string> RequiredParameters { get; } = [Parameters.Username, Parameters.Password];

    public IReadOnlyList<string> OptionalParameters { get; } = [Parameters.Scope, Parameters.VisitorAccessToken];

    public RateLimitBudget RateLimitOf(TokenRequest request) =>
        GuestLogin.Matches(request[Parameters.Username], request[Parameters.Password]) ? RateLimitBudget.Guest : RateLimitBudget.Password;

    public Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client) =>
        // Safe to resend (see ClusterCalls.Retrying): a login stores nothing but a wrong password's count.
        cluster.Retrying(grains => (issuer ??= grains.GetGrain<ITokenIssuerGrain>(0)).IssuePassword(new PasswordGrantRequest(
            client,
            request[Parameters.Username]!,
            request[Parameters.Password]!,
            request[Parameters.Scope],
            request[Parameters.VisitorAccessToken])));
}
