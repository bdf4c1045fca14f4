namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Creates and lists one application's accounts (§7.1). A stateless worker: every silo runs it locally, ids come
/// from the silo's leased range, and a page reads only the accounts whose ids fall in it.
/// Key: <c>backoffice</c> or <c>storefront</c>.
/// </summary>
[Alias("IAccountsGrain")]
public interface IAccountsGrain : IGrainWithStringKey
{
    /// <summary>Creates an account, claiming its login names first so that they stay unique.</summary>
    [Alias("CreateUser")]
    Task<CreateUserResult> CreateUser(UserSpec spec);

    /// <summary>Page <paramref name="number"/> (from 1) of <paramref name="size"/> accounts, oldest ids first.</summary>
    [Alias("ListPage")]
    Task<UserPage> ListPage(int number, int size);

    /// <summary>The account with this email, if any (emails are unique per application).</summary>
    [Alias("FindByEmail")]
    Task<UserView?> FindByEmail(string email);
}
