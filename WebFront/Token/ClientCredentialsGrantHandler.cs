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

    // One reference for every request, as in PasswordGrantHandler.
    private ITokenIssuerGrain? issuer;

    public IReadOnlyList<string> RequiredParameters { get; } = [];

    public IReadOnlyList<string> OptionalParameters { get; } = [Parameters.Scope];

    public RateLimitBudget RateLimitOf(TokenRequest request) => RateLimitBudget.ClientCredentials;

    public Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client) =>
        cluster.Retrying(grains => (issuer ??= grains.GetGrain<ITokenIssuerGrain>(0)).IssueClientCredentials(new ClientCredentialsGrantRequest(client, request[Parameters.Scope])));
}
