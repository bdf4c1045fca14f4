using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>A validated seed client; the owner is still a login name, resolved to a user id when applied.</summary>
/// <param name="Identifier">The client identifier.</param>
/// <param name="Spec">The registration (owner id still unset).</param>
/// <param name="Owner">The owner's login name, or null.</param>
public sealed record SeedClientSpec(string Identifier, ClientSpec Spec, string? Owner);
