namespace OroOrleans.Silo.Bootstrap;

/// <summary>A storefront customer user in the seed file.</summary>
public sealed class SeedCustomerUser
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public bool? Enabled { get; set; }
}
