using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// §3, a retried refresh is not reuse: the same refresh token presented again by the same client within
/// <c>Tokens:RefreshRetryWindow</c> (30 s), while the newer refresh token is unused, gets the same pair.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class RefreshRetryTests(FailingStorageCluster cluster)
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task Retry_WithinTheWindow_ReturnsTheSamePair()
    {
        var (client, login) = await NewSession();
        var first = Assert.IsType<TokenRotated>(await Rotate(client, login.RefreshToken!));

        cluster.Time.Advance(TimeSpan.FromSeconds(29));
        var retried = Assert.IsType<TokenRotated>(await Rotate(client, login.RefreshToken!));

        Assert.Equal(first.Issued, retried.Issued);
        Assert.Equal(first.Revocations, retried.Revocations);
        Assert.IsType<TokenRotated>(await Rotate(client, retried.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_AfterTheWindow_IsReuse()
    {
        var (client, login) = await NewSession();
        var first = Assert.IsType<TokenRotated>(await Rotate(client, login.RefreshToken!));

        cluster.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(DenialReason.RefreshTokenRevoked, Assert.IsType<RefreshDenied>(await Rotate(client, login.RefreshToken!)).Reason);
        Assert.IsType<TokenDenied>(await Rotate(client, first.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_AfterTheNewerTokenWasUsed_IsReuse()
    {
        var (client, login) = await NewSession();
        var first = Assert.IsType<TokenRotated>(await Rotate(client, login.RefreshToken!));
        var second = Assert.IsType<TokenRotated>(await Rotate(client, first.Issued.RefreshToken!));

        Assert.IsType<RefreshDenied>(await Rotate(client, login.RefreshToken!));
        Assert.IsType<TokenDenied>(await Rotate(client, second.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_RacingTheNextRotation_EitherGetsThePairOrRevokesTheFamily()
    {
        for (var round = 0; round < 10; round++)
        {
            var (client, login) = await NewSession();
            var first = Assert.IsType<TokenRotated>(await Rotate(client, login.RefreshToken!));

            var retry = Rotate(client, login.RefreshToken!);
            var next = Rotate(client, first.Issued.RefreshToken!);
            var (retried, rotated) = (await retry, await next);

            if (retried is TokenRotated same)
            {
                // The retry came first: it got the pair, whose refresh token then rotated normally.
                Assert.Equal(first.Issued, same.Issued);
                var newest = Assert.IsType<TokenRotated>(rotated);
                Assert.IsType<TokenRotated>(await Rotate(client, newest.Issued.RefreshToken!));
            }
            else
            {
                // The newer token was used first: the old one presented again is reuse, and the family is gone.
                Assert.IsType<RefreshDenied>(retried);
                var newest = Assert.IsType<TokenRotated>(rotated);
                Assert.IsType<TokenDenied>(await Rotate(client, newest.Issued.RefreshToken!));
            }
        }
    }

    private async Task<ClientCredentials> NewClient()
    {
        var credentials = new ClientCredentials(("fw" + Guid.NewGuid().ToString("N"))[..32], "secret-" + Guid.NewGuid().ToString("N"));
        Assert.True(await Grains.GetGrain<IClientGrain>(credentials.ClientId)
            .RegisterIfAbsent(new ClientSpec("Test", credentials.ClientSecret, ["password"], false, null, true)));
        return credentials;
    }

    private async Task<(UserView User, string Password)> NewUser()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        const string Password = "pw-right";
        var created = await Grains.GetGrain<IUserDirectoryGrain>("backoffice")
            .CreateUser(new UserSpec(ApplicationKind.Backoffice, name, name + "@example.com", Password, [], true));
        Assert.Equal(CreateUserError.None, created.Error);
        return (created.User!, Password);
    }

    private async Task<(ClientCredentials Client, TokenIssued Login)> NewSession()
    {
        var client = await NewClient();
        var (user, password) = await NewUser();
        var login = await Grains.GetGrain<ITokenIssuerGrain>(0).IssuePassword(new PasswordGrantRequest(client, user.Username!, password, null, null));
        return (client, Assert.IsType<TokenIssued>(login));
    }

    private Task<TokenOutcome> Rotate(ClientCredentials client, string refreshToken) =>
        Grains.GetGrain<IRefreshFamilyGrain>(FamilyClient.Decode(refreshToken).GetPayloadValue<string>("fid"))
            .Rotate(new RefreshGrantRequest(client, refreshToken));

}
