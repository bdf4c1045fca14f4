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
    /// Applies an administrator's change; every change raises the version. Deactivation records a revocation of
    /// every older version in the ledger before the change is stored.
    /// </summary>
    [Alias("Update")]
    Task<ClientChangeResult> Update(ClientChange change);

    /// <summary>Adds one silo's batch of issuance counts (§5). Unknown clients ignore it.</summary>
    [Alias("RecordUsage")]
    Task RecordUsage(ClientUsage usage);

    /// <summary>The issuance counters and <c>lastUsedAt</c> as flushed so far, or null when the client does not exist.</summary>
    [Alias("GetUsage")]
    Task<ClientUsage?> GetUsage();
}
