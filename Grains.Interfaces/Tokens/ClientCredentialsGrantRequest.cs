namespace OroOrleans.Grains.Interfaces;

/// <summary>A <c>client_credentials</c> grant as the front end parsed it (RFC 6749 §4.4; §2.2).</summary>
/// <param name="Client">The client's credentials.</param>
/// <param name="Scope">Requested scope, or null.</param>
[GenerateSerializer, Immutable, Alias("ClientCredentialsGrantRequest")]
public sealed record ClientCredentialsGrantRequest(ClientCredentials Client, string? Scope);
