using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// §2.2: a password grant with username and password both exactly <c>guest</c> is a guest login (a new
/// visitor on a storefront client). The one place that says so: the issuer decides with it, the front end's
/// rate limits count with it.
/// </summary>
public static class GuestLogin
{
    /// <summary>The username and the password of a guest login.</summary>
    public const string Credential = "guest";

    /// <summary>True when the credentials are those of a guest login (ordinal, case-sensitive).</summary>
    public static bool Matches(string? username, string? password) =>
        string.Equals(username, Credential, StringComparison.Ordinal) && string.Equals(password, Credential, StringComparison.Ordinal);

    /// <summary>
    /// True when a guest login of this client, its secret once checked, is issued a visitor's tokens: an active
    /// storefront client with the password grant. The token issuer and the guest-token reserve (which drops the pool
    /// of a client that stops being one) ask the same question.
    /// </summary>
    public static bool Serves(ClientRegistration client) =>
        client is { Active: true, Frontend: true } && client.Grants.Contains(GrantTypes.Password);
}
