using System.Globalization;
using Orleans.Concurrency;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Creates and lists one application's accounts. A stateless worker on purpose: it holds nothing, so creations
/// run on every silo in parallel, each taking its id from the silo's <see cref="UserIdAllocator"/>; what must
/// stay unique (login names) is decided by the login-name grains. Creating stores the account and its names,
/// O(1) bytes; a page reads only the accounts whose ids it covers; an email is found through its login name.
/// </summary>
[StatelessWorker]
[GrainType("accounts")]
public sealed class AccountsGrain(UserIdAllocator ids) : Grain, IAccountsGrain
{
    private ApplicationKind Application => UserIds.ApplicationOf(this.GetPrimaryKeyString());

    public async Task<CreateUserResult> CreateUser(UserSpec spec)
    {
        if (spec.Application != Application)
        {
            throw new ArgumentException($"A {spec.Application} account in the {Application} directory.", nameof(spec));
        }

        // A hash given with the spec is ours (bulk creation) or one imported from Oro, within bounded costs.
        if (spec.PasswordHash is { } hash && ImportedPasswordHashes.IsForeign(hash) && ImportedPasswordHashes.Problem(hash) is not null)
        {
            return new CreateUserResult(CreateUserError.UnsupportedPasswordHash, null);
        }

        var number = await ids.Take(spec.Application);
        var id = number.ToString(CultureInfo.InvariantCulture);
        var claimed = new List<ILoginNameGrain>();
        foreach (var (key, error) in NamesOf(spec))
        {
            var name = GrainFactory.Get<ILoginNameGrain>(key);
            if (!await name.Claim(id))
            {
                foreach (var done in claimed)
                {
                    await done.Release(id);
                }

                await ids.Return(spec.Application, number);
                return new CreateUserResult(error, null);
            }

            claimed.Add(name);
        }

        var user = GrainFactory.Get<IUserGrain>(id);
        await user.Create(spec);
        return new CreateUserResult(CreateUserError.None, await user.Get());
    }

    public async Task<UserPage> ListPage(int number, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var application = Application;
        var first = UserIds.First(application) + ((long)number - 1) * size;
        var next = await GrainFactory.Get<IUserDirectoryGrain>(this.GetPrimaryKeyString()).NextId();
        var count = (int)Math.Clamp(next - first, 0, size);
        var users = await Task.WhenAll(Enumerable.Range(0, count)
            .Select(i => GrainFactory.Get<IUserGrain>((first + i).ToString(CultureInfo.InvariantCulture)).Get()));
        return new UserPage([.. users.OfType<UserView>().Where(u => u.Application == application)], first + size < next);
    }

    public async Task<UserView?> FindByEmail(string email)
    {
        var application = Application;
        var key = application == ApplicationKind.Storefront ? LoginNames.StorefrontEmail(email) : LoginNames.BackofficeEmail(email);
        var id = await GrainFactory.Get<ILoginNameGrain>(key).Resolve();
        var user = id is null ? null : await GrainFactory.Get<IUserGrain>(id).Get();
        return user?.Application == application ? user : null;
    }

    private static IEnumerable<(string Key, CreateUserError Error)> NamesOf(UserSpec spec) =>
        UserLoginNames.Keys(spec.Application, spec.Username, spec.Email)
            .Select(k => (k.Key, k.OfUsername ? CreateUserError.UsernameTaken : CreateUserError.EmailTaken));
}
