namespace OroOrleans.Grains.Interfaces;

/// <summary>What a revocation request did (RFC 7009).</summary>
/// <param name="ClientAuthenticated">False when the calling client failed authentication (401).</param>
/// <param name="Revocations">Facts recorded, for the answering front end to apply at once; empty when nothing was revoked.</param>
[GenerateSerializer, Immutable, Alias("TokenRevocationResult")]
public sealed record TokenRevocationResult(bool ClientAuthenticated, IReadOnlyList<RevocationFact> Revocations);
