namespace OroOrleans.Grains.Interfaces;

/// <summary>The truth about one OAuth client. Key: the client identifier.</summary>
[Alias("IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the client if it does not exist yet and was never deleted; an existing client is left as it is.
    /// Seeds only: the spec is not checked against the rules of <see cref="Create"/>.
    /// </summary>
    /// <returns>True when this call created it.</returns>
    [Alias("RegisterIfAbsent")]
    Task<bool> RegisterIfAbsent(ClientSpec spec);

    /// <summary>
    /// Creates the client after checking the spec (name, grants, owner, scopes); generates the secret unless the
    /// spec carries one. Refused with a problem when the spec breaks a rule, or when the identifier is taken.
    /// </summary>
    [Alias("Create")]
    Task<ClientSecretIssued> Create(ClientSpec spec);

    /// <summary>The registration, or null when no client has this identifier.</summary>
    [Alias("GetRegistration")]
    Task<ClientRegistration?> GetRegistration();

    /// <summary>The client as administrators see it (no secret), with its counters; null when it does not exist.</summary>
    [Alias("Get")]
    Task<ClientSummary?> Get();

    /// <summary>
    /// Applies an administrator's change; every change raises the version. Deactivation records a revocation of
    /// every older version in the ledger before the change is stored.
    /// </summary>
    [Alias("Update")]
    Task<ClientChangeResult> Update(ClientChange change);

    /// <summary>Replaces the secret with a new generated one, shown once; tokens already issued stay valid.</summary>
    [Alias("RotateSecret")]
    Task<ClientSecretIssued> RotateSecret();

    /// <summary>Deletes the client: revokes every token it issued (§4) and keeps a tombstone so the identifier never returns.</summary>
    [Alias("Delete")]
    Task<ClientChangeResult> Delete();

    /// <summary>Adds one silo's batch of issuance counts (§5). Unknown clients ignore it.</summary>
    [Alias("RecordUsage")]
    Task RecordUsage(ClientUsage usage);

    /// <summary>The issuance counters and <c>lastUsedAt</c> as flushed so far, or null when the client does not exist.</summary>
    [Alias("GetUsage")]
    Task<ClientUsage?> GetUsage();
}
