using System.Globalization;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Allocates account ids and lists accounts. Ids are decimal numbers, as Oro's, and unique across both
/// applications because both directories draw from one sequence: the back-office directory's key prefixes
/// nothing, the storefront one's ids are offset (see <see cref="FirstId"/>).
/// </summary>
[GrainType("user-directory")]
public sealed class UserDirectoryGrain(
    [PersistentState("user-directory", StorageNames.Main)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task<CreateUserResult> CreateUser(UserSpec spec)
    {
        var id = (FirstId(spec.Application) + state.State.Ids.Count).ToString(CultureInfo.InvariantCulture);
        var names = NamesOf(spec);
        var claimed = new List<ILoginNameGrain>();
        foreach (var (key, error) in names)
        {
            var name = GrainFactory.GetGrain<ILoginNameGrain>(key);
            if (!await name.Claim(id))
            {
                foreach (var done in claimed)
                {
                    await done.Release(id);
                }

                return new CreateUserResult(error, null);
            }

            claimed.Add(name);
        }

        var user = GrainFactory.GetGrain<IUserGrain>(id);
        await user.Create(spec);
        state.State.Ids.Add(id);
        await state.WriteOrForget(this);
        return new CreateUserResult(CreateUserError.None, await user.Get());
    }

    public Task<IReadOnlyList<string>> ListIds() => Task.FromResult<IReadOnlyList<string>>(state.State.Ids.ToArray());

    /// <summary>Back-office ids start at 1, customer-user ids at 1,000,000,001, so the two never collide.</summary>
    private static long FirstId(ApplicationKind application) => application == ApplicationKind.Backoffice ? 1 : 1_000_000_001;

    private static IEnumerable<(string Key, CreateUserError Error)> NamesOf(UserSpec spec)
    {
        if (spec.Application == ApplicationKind.Storefront)
        {
            yield return (LoginNames.StorefrontEmail(spec.Email), CreateUserError.EmailTaken);
            yield break;
        }

        yield return (LoginNames.BackofficeUsername(spec.Username ?? spec.Email), CreateUserError.UsernameTaken);
        yield return (LoginNames.BackofficeEmail(spec.Email), CreateUserError.EmailTaken);
    }
}
