namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Issuance counts of one client, aggregated on one silo since its last flush (§5): the client's grain is
/// written once per batch, not once per token.
/// </summary>
/// <param name="IssuedByGrant">Tokens issued per grant in the batch: <c>password</c>, <c>guest</c>, <c>client_credentials</c>.</param>
/// <param name="LastUsedAt">When the newest token of the batch was issued.</param>
[GenerateSerializer, Immutable, Alias("ClientUsage")]
public sealed record ClientUsage(IReadOnlyDictionary<string, long> IssuedByGrant, DateTimeOffset LastUsedAt);
