using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>Accounts: password checks, the status only after a correct password, lockout, login-name uniqueness (§5).</summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class UserGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task VerifyPassword_RightWrongDisabled()
    {
        var enabled = await Create(enabled: true);
        var disabled = await Create(enabled: false);

        var ok = await fixture.Grains.GetGrain<IUserGrain>(enabled.Id).VerifyPassword("right-password");
        Assert.Equal(PasswordCheckStatus.Success, ok.Status);
        Assert.Equal(enabled.Username, ok.User!.Subject);
        Assert.Equal(PasswordCheckStatus.WrongPassword, (await fixture.Grains.GetGrain<IUserGrain>(enabled.Id).VerifyPassword("wrong")).Status);
        Assert.Equal(PasswordCheckStatus.Disabled, (await fixture.Grains.GetGrain<IUserGrain>(disabled.Id).VerifyPassword("right-password")).Status);
        var wrongOnDisabled = await fixture.Grains.GetGrain<IUserGrain>(disabled.Id).VerifyPassword("wrong");
        Assert.Equal(PasswordCheckStatus.WrongPassword, wrongOnDisabled.Status);
        Assert.Null(wrongOnDisabled.User);
    }

    [Fact]
    public async Task Lockout_FiveWrongPasswordsLockForFifteenMinutes_WithoutRaisingTheEpoch()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>((await Create()).Id);
        var epoch = (await user.Get())!.Epoch;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PasswordCheckStatus.WrongPassword, (await user.VerifyPassword("wrong")).Status);
        }

        // During the lockout even the right password says nothing (§2.5), and no token is revoked (§4).
        Assert.Equal(PasswordCheckStatus.WrongPassword, (await user.VerifyPassword("right-password")).Status);
        Assert.Equal(epoch, (await user.Get())!.Epoch);
        Assert.Equal(PasswordCheckStatus.WrongPassword, (await user.VerifyPassword("wrong")).Status);

        fixture.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordCheckStatus.WrongPassword, (await user.VerifyPassword("right-password")).Status);
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(PasswordCheckStatus.Success, (await user.VerifyPassword("right-password")).Status);
    }

    [Fact]
    public async Task Lockout_SuccessResetsTheCounter()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>((await Create()).Id);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await user.VerifyPassword("wrong");
            }

            Assert.Equal(PasswordCheckStatus.Success, (await user.VerifyPassword("right-password")).Status);
        }
    }

    [Fact]
    public async Task Directory_UsernameAndEmailAreUniqueCaseInsensitively()
    {
        var first = await Create();

        var sameUsername = await Directory().CreateUser(Spec(first.Username!.ToUpperInvariant(), Unique() + "@example.com"));
        var sameEmail = await Directory().CreateUser(Spec(Unique(), first.Email.ToUpperInvariant()));

        Assert.Equal(CreateUserError.UsernameTaken, sameUsername.Error);
        Assert.Equal(CreateUserError.EmailTaken, sameEmail.Error);
        Assert.Null(sameUsername.User);
        Assert.Null(sameEmail.User);
    }

    [Fact]
    public async Task Directory_FailedCreateReleasesTheNamesItClaimed()
    {
        var first = await Create();
        var username = Unique();

        Assert.Equal(CreateUserError.EmailTaken, (await Directory().CreateUser(Spec(username, first.Email))).Error);
        var retry = await Directory().CreateUser(Spec(username, Unique() + "@example.com"));

        Assert.Equal(CreateUserError.None, retry.Error);
        Assert.Equal(retry.User!.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeUsername(username)).Resolve());
    }

    [Fact]
    public async Task Directory_CustomerUsersAreSeparateFromBackofficeUsers()
    {
        var backoffice = await Create();
        var customer = await fixture.Grains.GetGrain<IAccountsGrain>("storefront")
            .CreateUser(new UserSpec(ApplicationKind.Storefront, null, backoffice.Email, "right-password", [], true));

        Assert.Equal(CreateUserError.None, customer.Error);
        Assert.NotEqual(backoffice.Id, customer.User!.Id);
        Assert.Equal(customer.User.Email, customer.User.Subject);
        Assert.Equal(customer.User.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.StorefrontEmail(backoffice.Email)).Resolve());
        Assert.Equal(backoffice.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeEmail(backoffice.Email)).Resolve());
    }

    [Fact]
    public async Task Directory_DecomposedSpellingOfAStoredName_FindsTheAccount()
    {
        // Names are stored NFC (§5); a look-up typed in NFD (e + U+0301) must reach the same login name.
        var suffix = Unique();
        var composed = "jos\u00e9" + suffix;
        var decomposed = "jose\u0301" + suffix;
        var user = (await Directory().CreateUser(Spec(composed, composed + "@example.com"))).User!;
        var customer = (await fixture.Grains.GetGrain<IAccountsGrain>("storefront")
            .CreateUser(new UserSpec(ApplicationKind.Storefront, null, composed + "@example.com", "right-password", [], true))).User!;

        Assert.Equal(user.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeUsername(decomposed)).Resolve());
        Assert.Equal(user.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeEmail(decomposed + "@EXAMPLE.com")).Resolve());
        Assert.Equal(user.Id, (await Directory().FindByEmail(decomposed + "@example.com"))?.Id);
        Assert.Equal(customer.Id, (await fixture.Grains.GetGrain<IAccountsGrain>("storefront").FindByEmail(decomposed + "@example.com"))?.Id);
        Assert.Equal(CreateUserError.UsernameTaken, (await Directory().CreateUser(Spec(decomposed, Unique() + "@example.com"))).Error);
        // The key of a stored (NFC) name is what it was before NFC moved into the key: nothing stored moves.
        Assert.Equal("sf:" + (composed + "@example.com").ToUpperInvariant(), LoginNames.StorefrontEmail(composed + "@example.com"));
    }

    [Fact]
    public async Task Directory_UsernameAndEmailAreOneNameSpace_OnCreateAndOnRename()
    {
        // §2.2: a back-office user logs in by username, else by email; one user's username must never be another's email.
        var first = await Create();
        var second = await Create();

        Assert.Equal(CreateUserError.UsernameTaken, (await Directory().CreateUser(Spec(first.Email.ToUpperInvariant(), Unique() + "@example.com"))).Error);
        Assert.Equal(CreateUserError.EmailTaken, (await Directory().CreateUser(Spec(Unique(), first.Username!))).Error);
        var renameUsername = await fixture.Grains.GetGrain<IUserGrain>(second.Id).Update(new UserChange(ApplicationKind.Backoffice, first.Email, null, null, null, null, null));
        var renameEmail = await fixture.Grains.GetGrain<IUserGrain>(second.Id).Update(new UserChange(ApplicationKind.Backoffice, null, first.Username, null, null, null, null));
        Assert.Equal(UserChangeStatus.UsernameTaken, renameUsername.Status);
        Assert.Equal(UserChangeStatus.EmailTaken, renameEmail.Status);
        Assert.Equal(second.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeUsername(second.Username!)).Resolve());
        Assert.Equal(first.Id, await fixture.Grains.GetGrain<ILoginNameGrain>(LoginNames.BackofficeUsername(first.Email)).Resolve());

        // A user's username may be its own email, on creation and by renaming.
        var same = Unique() + "@example.com";
        Assert.Equal(CreateUserError.None, (await Directory().CreateUser(Spec(same, same))).Error);
        var renamed = await fixture.Grains.GetGrain<IUserGrain>(second.Id).Update(new UserChange(ApplicationKind.Backoffice, second.Email, null, null, null, null, null));
        Assert.Equal(UserChangeStatus.Updated, renamed.Status);

        // Renaming away frees both keys of the old name, and the other user may then take it.
        var moved = await fixture.Grains.GetGrain<IUserGrain>(first.Id).Update(new UserChange(ApplicationKind.Backoffice, Unique(), Unique() + "@example.com", null, null, null, null));
        Assert.Equal(UserChangeStatus.Updated, moved.Status);
        Assert.Equal(CreateUserError.None, (await Directory().CreateUser(Spec(first.Email, first.Username! + "@example.org"))).Error);
    }

    private IAccountsGrain Directory() => fixture.Grains.GetGrain<IAccountsGrain>("backoffice");

    private async Task<UserView> Create(bool enabled = true)
    {
        var result = await Directory().CreateUser(Spec(Unique(), Unique() + "@example.com", enabled));
        Assert.Equal(CreateUserError.None, result.Error);
        return result.User!;
    }

    private static UserSpec Spec(string username, string email, bool enabled = true) =>
        new(ApplicationKind.Backoffice, username, email, "right-password", [], enabled);

    private static string Unique() => "u" + Guid.NewGuid().ToString("N")[..12];
}
