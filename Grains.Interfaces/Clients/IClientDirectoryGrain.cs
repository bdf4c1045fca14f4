namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The list of OAuth clients, and where clients are born and die (§7.1): it generates identifiers and keeps them
/// for listing. Key: <see cref="Key"/>. Never on a token path.
/// </summary>
[Alias("IClientDirectoryGrain")]
public interface IClientDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one directory's key.</summary>
    const string Key = "default";

    /// <summary>
    /// Creates a client under a new identifier (32 letters and digits) with a new secret (256 bits) unless the spec
    /// brings one; the secret is in the answer, once.
    /// </summary>
    [Alias("Create")]
    Task<ClientSecretIssued> Create(ClientSpec spec);

    /// <summary>Registers a client under a given identifier unless it exists or was deleted (seed files); lists it either way.</summary>
    /// <returns>True when this call created it.</returns>
    [Alias("Register")]
    Task<bool> Register(string identifier, ClientSpec spec);

    /// <summary>Identifiers of all clients, oldest first.</summary>
    [Alias("ListIds")]
    Task<IReadOnlyList<string>> ListIds();

    /// <summary>Deletes a client for good: every token it issued is revoked (§4) and its identifier is never reused.</summary>
    [Alias("Delete")]
    Task<ClientChangeResult> Delete(string identifier);
}
