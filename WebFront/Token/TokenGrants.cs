using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// The grant types this front end serves: exactly the registered <see cref="ITokenGrantHandler"/>s. The
/// token endpoint finds handlers here, the request reader learns the parameters, and the discovery document
/// lists the grants.
/// </summary>
public sealed class TokenGrants
{
    private readonly Dictionary<string, ITokenGrantHandler> handlers;

    public TokenGrants(IEnumerable<ITokenGrantHandler> registered)
    {
        handlers = new Dictionary<string, ITokenGrantHandler>(StringComparer.Ordinal);
        foreach (var handler in registered)
        {
            if (!handlers.TryAdd(handler.GrantType, handler))
            {
                throw new InvalidOperationException($"Two token grant handlers for grant_type '{handler.GrantType}'.");
            }
        }

        GrantTypes = [.. handlers.Keys.Order(StringComparer.Ordinal)];
        Parameters = new HashSet<string>(
            handlers.Values.SelectMany(h => h.RequiredParameters.Concat(h.OptionalParameters)).Concat(CommonParameters),
            StringComparer.Ordinal);
    }

    /// <summary>Parameters of every request to the token, revocation and introspection endpoints.</summary>
    public static IReadOnlyList<string> CommonParameters { get; } =
    [
        OAuthConstants.Parameters.GrantType, OAuthConstants.Parameters.ClientId, OAuthConstants.Parameters.ClientSecret,
        ClientTokenRequest.TokenParameter, ClientTokenRequest.TokenTypeHintParameter,
    ];

    /// <summary>The <c>grant_type</c> values served, in ordinal order.</summary>
    public IReadOnlyList<string> GrantTypes { get; }

    /// <summary>Every parameter a handler or endpoint reads.</summary>
    public IReadOnlySet<string> Parameters { get; }

    /// <summary>The handler of <paramref name="grantType"/>, or null when it is not served.</summary>
    public ITokenGrantHandler? Find(string? grantType) =>
        grantType is not null && handlers.TryGetValue(grantType, out var handler) ? handler : null;
}
