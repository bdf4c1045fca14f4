using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Abuse;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// One grant type of the token endpoint, and the only thing a new grant type adds: it declares its
/// <c>grant_type</c>, its parameters and its rate limit, and makes the grain call that decides it. The request
/// reader, the rate limits and the discovery document learn the grant from <see cref="TokenGrants"/>.
/// </summary>
public interface ITokenGrantHandler
{
    /// <summary>The <c>grant_type</c> value.</summary>
    string GrantType { get; }

    /// <summary>Parameters whose absence is <c>invalid_request</c>, checked before the client is authenticated.</summary>
    IReadOnlyList<string> RequiredParameters { get; }

    /// <summary>Parameters the grant reads when they are present.</summary>
    IReadOnlyList<string> OptionalParameters { get; }

    /// <summary>Which budget of §2.7 a request of this grant spends once its client is known.</summary>
    RateLimitBudget RateLimitOf(TokenRequest request);

    /// <summary>Authenticates the client and decides the grant, in one grain call.</summary>
    Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client);
}
