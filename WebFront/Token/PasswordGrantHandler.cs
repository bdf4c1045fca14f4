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

    public IReadOnlyList<string> RequiredParameters { get; } = [Parameters.Username, Parameters.Password];

    public IReadOnlyList<string> OptionalParameters { get; } = [Parameters.Scope, Parameters.VisitorAccessToken];

    public RateLimitBudget RateLimitOf(TokenRequest request) =>
        GuestLogin.Matches(request[Parameters.Username], request[Parameters.Password]) ? RateLimitBudget.Guest : RateLimitBudget.Password;

    public Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client) =>
        // Safe to resend (see ClusterCalls.Retrying): a login stores nothing but a wrong password's count.
        cluster.Retrying(grains => grains.Get<ITokenIssuerGrain>(0).IssuePassword(new PasswordGrantRequest(
            client,
            request[Parameters.Username]!,
            request[Parameters.Password]!,
            request[Parameters.Scope],
            request[Parameters.VisitorAccessToken])));
}
