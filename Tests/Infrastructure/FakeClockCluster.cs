using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// An Orleans test cluster whose grains read time from one <see cref="FakeTimeProvider"/>, on the embedded SQLite
/// store, for the lifetime and lockout tests. The silo runs in this process, so the test moves the silo's clock.
/// Only the wall clock is fake (<see cref="FakeWallClock"/>): Orleans' timers stay real.
/// </summary>
public sealed class FakeClockCluster : IAsyncLifetime
{
    // The silo configurator is built by the test host, so it reaches the clock and the directory statically.
    internal static readonly FakeTimeProvider SharedClock = new(DateTimeOffset.UtcNow);
    internal static readonly string SharedDirectory = Path.Combine(Path.GetTempPath(), "oroorleans-tests", "fake-clock-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = SharedClock;
    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = "oro-fake-clock-" + Guid.NewGuid().ToString("N");
        builder.Options.ClusterId = builder.Options.ServiceId + "-cluster";
        builder.AddSiloBuilderConfigurator<FakeClockSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        ConnectionString = OroOrleans.Silo.Storage.SqliteStore.Prepare(SharedDirectory);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(SharedDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A new client registration with a random identifier and secret.</summary>
    public async Task<ClientCredentials> NewClient(params string[] grants)
    {
        var credentials = new ClientCredentials(("fc" + Guid.NewGuid().ToString("N"))[..32], "secret-" + Guid.NewGuid().ToString("N"));
        await Grains.GetGrain<IClientGrain>(credentials.ClientId)
            .RegisterIfAbsent(new ClientSpec("Fake clock", credentials.ClientSecret, grants.Length == 0 ? ["password"] : grants, false, null, true));
        return credentials;
    }

    /// <summary>A new enabled back-office user with a random username; returns it and its password.</summary>
    public async Task<(UserView User, string Password)> NewUser()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var created = await Grains.GetGrain<IAccountsGrain>("backoffice")
            .CreateUser(new UserSpec(ApplicationKind.Backoffice, name, name + "@example.com", password, [], true));
        Assert.Equal(CreateUserError.None, created.Error);
        return (created.User!, password);
    }

    /// <summary>A password login that must succeed.</summary>
    public async Task<TokenIssued> Login(ClientCredentials client, UserView user, string password)
    {
        var outcome = await Grains.GetGrain<ITokenIssuerGrain>(0).IssuePassword(new PasswordGrantRequest(client, user.Username!, password, null, null));
        return Assert.IsType<TokenIssued>(outcome);
    }

    /// <summary>A refresh through the family's grain, as the front end routes it.</summary>
    public Task<TokenOutcome> Rotate(ClientCredentials client, string refreshToken) =>
        Grains.GetGrain<IRefreshFamilyGrain>(FamilyClient.Decode(refreshToken).GetPayloadValue<string>("fid"))
            .Rotate(new RefreshGrantRequest(client, refreshToken));
}

[CollectionDefinition(Name)]
public sealed class FakeClockCollection : ICollectionFixture<FakeClockCluster>
{
    public const string Name = "FakeClock";
}
