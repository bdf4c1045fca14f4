using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// A token request after extraction: the body's parameters (JSON or form) and the client credentials, taken
/// from the body, else from HTTP Basic (§2.1). <see cref="UsedAuthorizationHeader"/> decides whether an
/// <c>invalid_client</c> answer carries <c>WWW-Authenticate</c>.
/// </summary>
public sealed record TokenRequest(IReadOnlyDictionary<string, string> Parameters, ClientCredentials? Client, bool UsedAuthorizationHeader)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
