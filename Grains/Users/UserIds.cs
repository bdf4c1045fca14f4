using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Account ids are decimal numbers, as Oro's, and unique across both applications: back-office ids start at 1,
/// customer-user ids at 1,000,000,001, so the two never collide.
/// </summary>
public static class UserIds
{
    public static long First(ApplicationKind application) => application == ApplicationKind.Backoffice ? 1 : 1_000_000_001;

    /// <summary>The key of the application's <see cref="IUserDirectoryGrain"/> and <see cref="IAccountsGrain"/>.</summary>
    public static string DirectoryKey(ApplicationKind application) => application == ApplicationKind.Backoffice ? "backoffice" : "storefront";

    public static ApplicationKind ApplicationOf(string directoryKey) => directoryKey switch
    {
        "backoffice" => ApplicationKind.Backoffice,
        "storefront" => ApplicationKind.Storefront,
        _ => throw new ArgumentException($"No account directory '{directoryKey}'.", nameof(directoryKey)),
    };
}
