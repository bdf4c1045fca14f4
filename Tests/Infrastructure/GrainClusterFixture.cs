using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// One Orleans TestCluster silo with the real SQLite grain storage and a fake wall clock (<see cref="FakeWallClock"/>), shared by
/// the grain tests. Tests use fresh random keys, so they never see each other's grains.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private const string DirectoryKey = "OroOrleansTests:GrainDataDirectory";
    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-grains-").FullName;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The silo's services (it runs in this process).</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    /// <summary>The silo's clock.</summary>
    public FakeTimeProvider Time => ((FakeWallClock)SiloServices.GetRequiredService<TimeProvider>()).Wall;

    public async Task InitializeAsync() =>
        Cluster = await OneSiloCluster.Start<Configurator>("grains-", new Dictionary<string, string> { [DirectoryKey] = directory });

    public Task DisposeAsync() => OneSiloCluster.Stop(Cluster, directory);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddOroSqliteGrainStorage("main", silo.Configuration.GetValue<string>(DirectoryKey)!);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(new FakeWallClock(new FakeTimeProvider(DateTimeOffset.UtcNow)));
            silo.Services.AddOroGrainServices();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "GrainCluster";
}
