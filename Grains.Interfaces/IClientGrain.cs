namespace OroOrleans.Grains.Interfaces;

/// <summary>The truth about one OAuth client. Key: the client identifier.</summary>
[Alias("IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>Registers the client if it does not exist yet; an existing client is left as it is.</summary>
    /// <returns>True when this call created it.</returns>
    [Alias("RegisterIfAbsent")]
    Task<bool> RegisterIfAbsent(ClientSpec spec);

    /// <summary>The registration, or null when no client has this identifier.</summary>
    [Alias("GetRegistration")]
    Task<ClientRegistration?> GetRegistration();

    /// <summary>
    /// Activates or deactivates the client; a change raises <see cref="ClientRegistration.Version"/>. Every minting
    /// node refuses a deactivated client within its cache lifetime (1 s).
    /// </summary>
    /// <returns>False when no client has this identifier.</returns>
    [Alias("SetActive")]
    Task<bool> SetActive(bool active);

    /// <summary>Adds one silo's batch of issuance counts (§5). Unknown clients ignore it.</summary>
    [Alias("RecordUsage")]
    Task RecordUsage(ClientUsage usage);

    /// <summary>The issuance counters and <c>lastUsedAt</c> as flushed so far, or null when the client does not exist.</summary>
    [Alias("GetUsage")]
    Task<ClientUsage?> GetUsage();
}
