namespace OroOrleans.Grains.Interfaces;

/// <summary>What introspection found (RFC 7662).</summary>
/// <param name="ClientAuthenticated">False when the calling client failed authentication (401).</param>
/// <param name="Token">The token's claims when it is active, else null (<c>{"active":false}</c>).</param>
[GenerateSerializer, Immutable, Alias("TokenIntrospection")]
public sealed record TokenIntrospection(bool ClientAuthenticated, IntrospectedToken? Token);
