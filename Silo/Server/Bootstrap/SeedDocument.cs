namespace OroOrleans.Silo.Bootstrap;

/// <summary>The seed file (README "Seed file"): users, customer users and clients applied at start.</summary>
public sealed class SeedDocument
{
    public List<SeedUser>? Users { get; set; }
    public List<SeedCustomerUser>? CustomerUsers { get; set; }
    public List<SeedClient>? Clients { get; set; }
}
