namespace OroOrleans.Silo.Bootstrap;

/// <summary>A back-office user in the seed file.</summary>
public sealed class SeedUser
{
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public List<string>? Roles { get; set; }
    public bool? Enabled { get; set; }
}
