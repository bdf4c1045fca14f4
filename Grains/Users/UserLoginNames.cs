using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// The login names an account holds, and their moves when its username or email changes: the new names are
/// claimed first (a name held by another account refuses the change), the old ones released only after the
/// account is stored, so a name is never free while its account still answers to it.
/// </summary>
public sealed class UserLoginNames(IGrainFactory grains, string userId)
{
    private readonly List<string> claimed = [];
    private readonly List<string> released = [];

    /// <summary>
    /// The keys an account claims, in claiming order, each marked with whether it comes from the username. A
    /// back-office user logs in by username or by email (§2.2), so the two are one name space: each name is
    /// claimed under both keys, and a username equal to another user's email (or the reverse) finds the other's
    /// key taken. Claiming both, rather than looking the other key up, keeps it right under concurrency: each
    /// key has one writer (its <see cref="ILoginNameGrain"/>), and two accounts racing for one name both claim
    /// its username key first, so exactly one of them gets it. A user whose username is its own email claims
    /// two keys, not four. Accounts created without a username answer to their email as username.
    /// </summary>
    public static IReadOnlyList<(string Key, bool OfUsername)> Keys(ApplicationKind application, string? username, string email)
    {
        if (application == ApplicationKind.Storefront)
        {
            return [(LoginNames.StorefrontEmail(email), false)];
        }

        var name = username ?? email;
        (string, bool)[] keys =
        [
            (LoginNames.BackofficeUsername(name), true), (LoginNames.BackofficeEmail(name), true),
            (LoginNames.BackofficeUsername(email), false), (LoginNames.BackofficeEmail(email), false),
        ];
        return [.. keys.DistinctBy(k => k.Item1)];
    }

    /// <summary>Claims the names <paramref name="change"/> introduces; the error when one is taken.</summary>
    public async Task<UserChangeStatus> Claim(UserState current, UserChange change)
    {
        var before = Keys(current.Application, current.Username, current.Email);
        var after = Keys(
            current.Application,
            current.Application == ApplicationKind.Backoffice ? change.Username ?? current.Username : null,
            change.Email ?? current.Email);
        foreach (var (key, ofUsername) in after.ExceptBy(before.Select(k => k.Key), k => k.Key))
        {
            if (!await grains.Get<ILoginNameGrain>(key).Claim(userId))
            {
                await Undo();
                return ofUsername ? UserChangeStatus.UsernameTaken : UserChangeStatus.EmailTaken;
            }

            claimed.Add(key);
        }

        released.AddRange(before.Select(k => k.Key).Except(after.Select(k => k.Key)));
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
}
