using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Grains.Clients;

/// <summary>A test silo as standalone mode builds it (SQLite storage, the grain services), plus a call counter.</summary>
public sealed class IssuanceSiloConfigurator : ISiloConfigurator
{
    public const string SqliteDirectory = "OroTests:SqliteDirectory";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddOroSqliteGrainStorage("main", siloBuilder.Configuration.GetValue<string>(SqliteDirectory)!);
        siloBuilder.Services.AddOroGrainServices();
        siloBuilder.Services.AddSingleton<GrainCallCounter>();
        siloBuilder.AddIncomingGrainCallFilter<CountingCallFilter>();
    }
}
