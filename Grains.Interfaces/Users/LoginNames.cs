namespace OroOrleans.Grains.Interfaces;

/// <summary>Builds the keys of <see cref="ILoginNameGrain"/>: one namespace per application and kind of name.</summary>
public static class LoginNames
{
    /// <summary>Key of a back-office username.</summary>
    public static string BackofficeUsername(string username) => "bo:" + Normalize(username);

    /// <summary>Key of a back-office user's email.</summary>
    public static string BackofficeEmail(string email) => "bo-mail:" + Normalize(email);

    /// <summary>Key of a storefront customer user's email.</summary>
    public static string StorefrontEmail(string email) => "sf:" + Normalize(email);

    /// <summary>Login names compare case-insensitively (§2.2) and ignore surrounding white space.</summary>
    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
