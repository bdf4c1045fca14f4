namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of <see cref="IClientGrain.Update"/>.</summary>
/// <param name="Client">The client after the change, or null when no client has the identifier.</param>
/// <param name="Revocation">
/// The fact a deactivation recorded in the revocation ledger (the client's new version), or null. The front end
/// that took the request applies it to its own view before it answers.
/// </param>
[GenerateSerializer, Immutable, Alias("ClientChangeResult")]
public sealed record ClientChangeResult(ClientSummary? Client, RevocationFact? Revocation);
