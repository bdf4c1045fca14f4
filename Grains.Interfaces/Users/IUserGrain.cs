namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// One account: a back-office user or a storefront customer user. Owns the password hash, the enabled flag,
/// the lockout counter and the epoch, so every check on them is consistent across the cluster. Key: the user id.
/// </summary>
[Alias("IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account. Called by the directory after it has claimed the login names.</summary>
    /// <returns>False when the account already exists.</returns>
    [Alias("Create")]
    Task<bool> Create(UserSpec spec);

    /// <summary>The account, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<UserView?> Get();

    /// <summary>
    /// Checks a password with the slow hash. The account's status is revealed only after a correct password (§2.5).
    /// </summary>
    [Alias("VerifyPassword")]
    Task<PasswordCheck> VerifyPassword(string password);

    /// <summary>
    /// Applies an administrator's change (§7.1). Disabling and a new password raise the epoch and record the
    /// revocation in the ledger before the change is stored; new login names are claimed before the old ones
    /// are released, so names stay unique.
    /// </summary>
    [Alias("Update")]
    Task<UserChangeResult> Update(UserChange change);
}
