namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The list of accounts of one application: allocates ids and keeps the order for listing.
/// Key: <c>backoffice</c> or <c>storefront</c>. Not on any token path: only creation and listing use it.
/// </summary>
[Alias("IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Creates an account, claiming its login names first so that they stay unique.</summary>
    [Alias("CreateUser")]
    Task<CreateUserResult> CreateUser(UserSpec spec);

    /// <summary>Ids of all accounts, oldest first.</summary>
    [Alias("ListIds")]
    Task<IReadOnlyList<string>> ListIds();
}
