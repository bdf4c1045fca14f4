using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Our grains on SQLite storage, with <see cref="FakeClockCluster.SharedClock"/> as the wall clock of the silo's <see cref="TimeProvider"/>.</summary>
public sealed class FakeClockSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddOroSqliteGrainStorage(StorageNames.Main, FakeClockCluster.SharedDirectory);
        // Registered before AddOroGrainServices, whose TryAdd then keeps it; AddSingleton also wins over any earlier default.
        siloBuilder.Services.AddSingleton<TimeProvider>(new FakeWallClock(FakeClockCluster.SharedClock));
        siloBuilder.Services.AddOroGrainServices();
    }
}
