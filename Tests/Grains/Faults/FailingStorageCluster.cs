using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// A TestCluster silo whose grain storage is the real SQLite store behind <see cref="FailingGrainStorage"/>, with
/// a fake wall clock (<see cref="FakeWallClock"/>) for the refresh retry window.
/// </summary>
public sealed class FailingStorageCluster : IAsyncLifetime
{
    private const string DirectoryKey = "OroOrleansTests:FailingStorageDirectory";
    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-failing-").FullName;

    private readonly Lazy<Task<(UserView User, string Password)>> sessionUser;

    public FailingStorageCluster() => sessionUser = new(NewUser);

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's clock.</summary>
    public FakeTimeProvider Time => ((FakeWallClock)((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<TimeProvider>()).Wall;

    /// <summary>A registered back-office client with the password grant.</summary>
    public async Task<ClientCredentials> NewClient()
    {
        var credentials = new ClientCredentials(("fw" + Guid.NewGuid().ToString("N"))[..32], "secret-" + Guid.NewGuid().ToString("N"));
        Assert.True(await Grains.GetGrain<IClientGrain>(credentials.ClientId)
            .RegisterIfAbsent(new ClientSpec("Test", credentials.ClientSecret, ["password"], false, null, true)));
        return credentials;
    }

    /// <summary>A new back-office user and its password.</summary>
    public async Task<(UserView User, string Password)> NewUser()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        const string Password = "pw-right";
        var created = await Grains.GetGrain<IAccountsGrain>("backoffice")
            .CreateUser(new UserSpec(ApplicationKind.Backoffice, name, name + "@example.com", Password, [], true));
        Assert.Equal(CreateUserError.None, created.Error);
        return (created.User!, Password);
    }

    /// <summary>
    /// A new client and a login of the sessions' user: the start of a refresh family. The user is made once, since
    /// each creation and login costs a 210,000-iteration hash and the families are what the tests look at.
    /// </summary>
    public async Task<(ClientCredentials Client, TokenIssued Login)> NewSession()
    {
        var client = await NewClient();
        var (user, password) = await sessionUser.Value;
        var login = await Grains.GetGrain<ITokenIssuerGrain>(0).IssuePassword(new PasswordGrantRequest(client, user.Username!, password, null, null));
        return (client, Assert.IsType<TokenIssued>(login));
    }

    /// <summary>Presents a refresh token to its family grain.</summary>
    public Task<TokenOutcome> Rotate(ClientCredentials client, string refreshToken) =>
        Grains.GetGrain<IRefreshFamilyGrain>(FamilyClient.Decode(refreshToken).GetPayloadValue<string>("fid"))
            .Rotate(new RefreshGrantRequest(client, refreshToken));

    public async Task InitializeAsync() =>
        Cluster = await OneSiloCluster.Start<Configurator>("failing-", new Dictionary<string, string> { [DirectoryKey] = directory });

    public Task DisposeAsync() => OneSiloCluster.Stop(Cluster, directory);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddOroSqliteGrainStorage("real", silo.Configuration.GetValue<string>(DirectoryKey)!);
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Main, (sp, _) => new FailingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>("real")));
            silo.Services.AddKeyedSingleton<IRevocationFactStore>(StorageNames.Main, (sp, _) => new FailingRevocationFactStore(sp.GetRequiredKeyedService<IRevocationFactStore>("real")));
            silo.Services.AddSingleton<TimeProvider>(new FakeWallClock(new FakeTimeProvider(DateTimeOffset.UtcNow)));
            silo.Services.AddOroGrainServices();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FailingStorageCollection : ICollectionFixture<FailingStorageCluster>
{
    public const string Name = "FailingStorage";
}
