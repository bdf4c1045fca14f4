using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Moves an account's login names in the index when its username or email changes: the new names are claimed
/// first (a name held by another account refuses the change), the old ones released only after the account is
/// stored, so a name is never free while its account still answers to it.
/// </summary>
public sealed class UserLoginNames(IGrainFactory grains, string userId)
{
    private readonly List<string> claimed = [];
    private readonly List<string> released = [];

    /// <summary>Claims the names <paramref name="change"/> introduces; the error when one is taken.</summary>
    public async Task<UserChangeStatus> Claim(UserState current, UserChange change)
    {
        foreach (var (oldKey, newKey, taken) in Moves(current, change))
        {
            if (oldKey == newKey)
            {
                continue;
            }

            if (!await grains.Get<ILoginNameGrain>(newKey).Claim(userId))
            {
                await Undo();
                return taken;
            }

            claimed.Add(newKey);
            released.Add(oldKey);
        }

        return UserChangeStatus.Updated;
    }

    /// <summary>After the account is stored: frees the names it no longer uses.</summary>
    public async Task ReleaseOld()
    {
        foreach (var key in released)
        {
            await grains.Get<ILoginNameGrain>(key).Release(userId);
        }
    }

    /// <summary>When the account could not be stored: gives the new names back.</summary>
    public async Task Undo()
    {
        foreach (var key in claimed)
        {
            await grains.Get<ILoginNameGrain>(key).Release(userId);
        }

        claimed.Clear();
        released.Clear();
    }

    private static IEnumerable<(string Old, string New, UserChangeStatus Taken)> Moves(UserState current, UserChange change)
    {
        if (current.Application == ApplicationKind.Storefront)
        {
            if (change.Email is { } email)
            {
                yield return (LoginNames.StorefrontEmail(current.Email), LoginNames.StorefrontEmail(email), UserChangeStatus.EmailTaken);
            }

            yield break;
        }

        if (change.Username is { } username)
        {
            // Accounts created without a username answer to their email as username (UserDirectoryGrain).
            yield return (LoginNames.BackofficeUsername(current.Username ?? current.Email), LoginNames.BackofficeUsername(username), UserChangeStatus.UsernameTaken);
        }

        if (change.Email is { } newEmail)
        {
            yield return (LoginNames.BackofficeEmail(current.Email), LoginNames.BackofficeEmail(newEmail), UserChangeStatus.EmailTaken);
        }
    }
}
