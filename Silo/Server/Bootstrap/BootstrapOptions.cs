namespace OroOrleans.Silo.Bootstrap;

/// <summary>Start-up seeding (§8, §9.1). Section <c>Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>A JSON seed file applied at start; existing records are left as they are. Null: no seeding.</summary>
    public string? SeedFile { get; set; }

    /// <summary>Print the seeded credentials at start (Development's demo data). Default false.</summary>
    public bool PrintCredentials { get; set; }

    /// <summary>
    /// Outside Development a seed file that carries a secret or password of the demo seed stops the start (§8); true
    /// lets it through, for demos run in Production mode (the local cluster script, docker compose, benchmarks).
    /// Default false.
    /// </summary>
    public bool AllowDemoSecrets { get; set; }
}
