using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>A validated seed file, ready to apply.</summary>
/// <param name="Users">Back-office users.</param>
/// <param name="CustomerUsers">Storefront customer users.</param>
/// <param name="Clients">OAuth clients.</param>
public sealed record SeedPlan(IReadOnlyList<UserSpec> Users, IReadOnlyList<UserSpec> CustomerUsers, IReadOnlyList<SeedClientSpec> Clients);
