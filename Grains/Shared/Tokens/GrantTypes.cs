namespace OroOrleans.Grains.Tokens;

/// <summary>The grant types a client registration may list (§2.2).</summary>
public static class GrantTypes
{
    public const string Password = "password";
    public const string ClientCredentials = "client_credentials";
    public const string RefreshToken = "refresh_token";

    /// <summary>Grants a registration may name; <c>refresh_token</c> is implied by <c>password</c>.</summary>
    public static readonly IReadOnlySet<string> Registrable = new HashSet<string>(StringComparer.Ordinal) { Password, ClientCredentials };
}
