namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of <see cref="IClientGrain.Update"/> and <see cref="IClientGrain.Delete"/>.</summary>
/// <param name="Client">The client after the change, or null when no client has the identifier (or it was refused, or deleted).</param>
/// <param name="Revocation">
/// The fact a deactivation or deletion recorded in the revocation ledger (the client's new version), or null. The
/// front end that took the request applies it to its own view before it answers.
/// </param>
/// <param name="Problem">Why the change was refused (nothing was changed), or null.</param>
[GenerateSerializer, Immutable, Alias("ClientChangeResult")]
public sealed record ClientChangeResult(ClientSummary? Client, RevocationFact? Revocation, ClientProblem? Problem = null);
