using Orleans.TestingHost;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>The start and the end shared by the test fixtures that run one in-process silo on a SQLite directory.</summary>
internal static class OneSiloCluster
{
    /// <summary>Deploys one silo configured by <typeparamref name="TConfigurator"/>, on a new service id, with <paramref name="properties"/> for it to read.</summary>
    public static async Task<TestCluster> Start<TConfigurator>(string serviceIdPrefix, IReadOnlyDictionary<string, string> properties)
        where TConfigurator : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceIdPrefix + Guid.NewGuid().ToString("N");
        foreach (var (key, value) in properties)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<TConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops the silo, lets go of its SQLite files and deletes its directory (a file still held is left to the system).</summary>
    public static async Task Stop(TestCluster? cluster, string directory)
    {
        // Null when the start failed: xUnit still disposes the fixture, and the start's own error is the one to see.
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
