namespace OroOrleans.Silo.Bootstrap;

/// <summary>An OAuth client in the seed file.</summary>
public sealed class SeedClient
{
    public string? Name { get; set; }
    public string? Identifier { get; set; }
    public string? Secret { get; set; }
    public List<string>? Grants { get; set; }
    public bool? Frontend { get; set; }

    /// <summary>The owner for <c>client_credentials</c>: a back-office username, or a customer user's email on a storefront client.</summary>
    public string? Owner { get; set; }

    public bool? Active { get; set; }

    /// <summary>Scopes the client may request (§2.2); none when absent.</summary>
    public List<string>? AllowedScopes { get; set; }
}
