using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Hosting;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>The client credentials grant, RFC 6749 §4.4 (§2.2): a token on behalf of the client's owner, no refresh token.</summary>
public sealed class ClientCredentialsGrantHandler(ClusterCalls cluster) : ITokenGrantHandler
{
    public string GrantType => GrantTypes.ClientCredentials;

    public IReadOnlyList<string> RequiredParameters { get; } = [];

    public IReadOnlyList<string> OptionalParameters { get; } = [Parameters.Scope];

    public RateLimitBudget RateLimitOf(TokenRequest request) => RateLimitBudget.ClientCredentials;

    public Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client) =>
        cluster.Retrying(grains => grains.Get<ITokenIssuerGrain>(0).IssueClientCredentials(new ClientCredentialsGrantRequest(client, request[Parameters.Scope])));
}
