using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Token;

/// <summary>One grant type of the token endpoint: which parameters it needs and the grain call that decides it.</summary>
public interface ITokenGrantHandler
{
    /// <summary>The <c>grant_type</c> value.</summary>
    string GrantType { get; }

    /// <summary>Parameters whose absence is <c>invalid_request</c>, checked before the client is authenticated.</summary>
    IReadOnlyList<string> RequiredParameters { get; }

    /// <summary>Authenticates the client and decides the grant, in one grain call.</summary>
    Task<TokenOutcome> Handle(TokenRequest request, ClientCredentials client);
}
