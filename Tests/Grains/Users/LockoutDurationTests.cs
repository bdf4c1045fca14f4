using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>The lockout of §5 against a fake clock: default 5 wrong passwords lock the account for 15 minutes.</summary>
[Collection(FakeClockCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class LockoutDurationTests(FakeClockCluster cluster)
{
    [Fact]
    public async Task FiveWrongPasswords_LockFor15Minutes_ThenTheCorrectPasswordWorks()
    {
        var (user, password) = await cluster.NewUser();
        var grain = cluster.Grains.GetGrain<IUserGrain>(user.Id);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PasswordCheckStatus.WrongPassword, (await grain.VerifyPassword("wrong")).Status);
        }

        Assert.Equal(PasswordCheckStatus.Locked, (await grain.VerifyPassword(password)).Status);
        var locked = await grain.Get();
        Assert.Equal(cluster.Clock.GetUtcNow().AddMinutes(15), locked!.LockedUntil);
        Assert.True(locked.Epoch > user.Epoch, "locking raises the epoch, which revokes the account's tokens");

        // Wrong passwords while locked neither extend the lockout nor say it is locked.
        cluster.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(PasswordCheckStatus.WrongPassword, (await grain.VerifyPassword("wrong")).Status);
        Assert.Equal(PasswordCheckStatus.Locked, (await grain.VerifyPassword(password)).Status);

        cluster.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordCheckStatus.Success, (await grain.VerifyPassword(password)).Status);
        Assert.Null((await grain.Get())!.LockedUntil);
    }

    [Fact]
    public async Task FourWrongPasswords_ThenSuccess_ResetTheCounter()
    {
        var (user, password) = await cluster.NewUser();
        var grain = cluster.Grains.GetGrain<IUserGrain>(user.Id);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(PasswordCheckStatus.WrongPassword, (await grain.VerifyPassword("wrong")).Status);
            }

            Assert.Equal(PasswordCheckStatus.Success, (await grain.VerifyPassword(password)).Status);
        }
    }

    [Fact]
    public async Task Refresh_OfALockedAccount_IsAccountLocked_UntilTheLockoutEnds()
    {
        var client = await cluster.NewClient();
        var (user, password) = await cluster.NewUser();
        var login = await cluster.Login(client, user, password);
        var grain = cluster.Grains.GetGrain<IUserGrain>(user.Id);
        for (var i = 0; i < 5; i++)
        {
            await grain.VerifyPassword("wrong");
        }

        var outcome = await cluster.Rotate(client, login.RefreshToken!);
        Assert.Equal(DenialReason.AccountLocked, Assert.IsType<TokenDenied>(outcome).Reason);

        // After the lockout the token is still refused: locking raised the epoch, which revoked it.
        cluster.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await cluster.Rotate(client, login.RefreshToken!);
        Assert.Equal(DenialReason.RefreshTokenRevoked, Assert.IsType<TokenDenied>(after).Reason);
    }
}
