namespace OroOrleans.Grains.Interfaces;

/// <summary>The two applications a token can belong to. They never mix (§2.2).</summary>
[GenerateSerializer, Alias("ApplicationKind")]
public enum ApplicationKind
{
    /// <summary>Back-office users and clients; tokens carry <c>app = "backoffice"</c>.</summary>
    Backoffice = 0,

    /// <summary>Storefront customer users, visitors and clients; tokens carry <c>app = "storefront"</c>.</summary>
    Storefront = 1,
}
