namespace OroOrleans.Grains.Clients;

/// <summary>Persisted state of <see cref="ClientGrain"/>. Ids are the storage contract: never renumber.</summary>
[GenerateSerializer, Alias("ClientState")]
public sealed class ClientState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public byte[] SecretDigest { get; set; } = [];
    [Id(3)] public List<string> Grants { get; set; } = [];
    [Id(4)] public bool Frontend { get; set; }
    [Id(5)] public string? OwnerUserId { get; set; }
    [Id(6)] public bool Active { get; set; }
    [Id(7)] public long Version { get; set; }
    /// <summary>When the client was registered (shown as <c>createdAt</c>).</summary>
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public Dictionary<string, long> IssuedByGrant { get; set; } = [];
    [Id(10)] public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Scopes the client may request.</summary>
    [Id(11)] public List<string> AllowedScopes { get; set; } = [];

    /// <summary>Refresh tokens of older versions are refused for good (raised by deactivation and deletion, §4).</summary>
    [Id(12)] public long TokensFromVersion { get; set; }

    /// <summary>A tombstone: the client was deleted, and its identifier never names a client again.</summary>
    [Id(13)] public bool Deleted { get; set; }
}
