using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// The client check of every grant and of the revocation and introspection endpoints: known, active, the secret's
/// digest equal in constant time, and the grant on its registration. Every failure is the same
/// <c>invalid_client</c> (§2.5).
/// </summary>
public static class ClientAuthentication
{
    /// <summary>The registration when the credentials authenticate it, else null.</summary>
    /// <param name="client">The cached registration, or null for an unknown client.</param>
    /// <param name="credentials">What the request presented.</param>
    /// <param name="grantType">A grant the client must be allowed, or null for any authenticated client.</param>
    public static ClientRegistration? Check(ClientRegistration? client, ClientCredentials credentials, string? grantType)
    {
        if (client is null || !client.Active || !ClientSecrets.Matches(credentials.ClientSecret, client.SecretDigest))
        {
            return null;
        }

        return grantType is null || client.Grants.Contains(grantType) ? client : null;
    }
}
