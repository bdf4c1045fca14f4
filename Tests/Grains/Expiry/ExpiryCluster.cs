using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Grains.Expiry;

/// <summary>
/// A one-silo test cluster for the expiry tests: our grains on SQLite or PostgreSQL, a <see cref="FakeTimeProvider"/> as
/// the silo's clock, and a way to count and date the storage's own rows of this cluster's service.
/// </summary>
public sealed class ExpiryCluster : IAsyncDisposable
{
    internal const string ClockKey = "ExpiryTests:Clock";
    internal const string SqliteDirectoryKey = "ExpiryTests:SqliteDirectory";
    internal const string PostgresKey = "ExpiryTests:Postgres";
    internal static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();

    private readonly string? sqliteDirectory;
    private readonly string? postgres;

    private ExpiryCluster(TestCluster cluster, FakeTimeProvider clock, string serviceId, string? sqliteDirectory, string? postgres)
    {
        (Cluster, Clock, ServiceId, this.sqliteDirectory, this.postgres) = (cluster, clock, serviceId, sqliteDirectory, postgres);
    }

    public TestCluster Cluster { get; }
    public FakeTimeProvider Clock { get; }
    public string ServiceId { get; }
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts a cluster on SQLite (<paramref name="postgres"/> null) or on the PostgreSQL server it names.</summary>
    public static async Task<ExpiryCluster> Start(string? postgres, IReadOnlyDictionary<string, string>? settings = null)
    {
        var serviceId = "oro-expiry-" + Guid.NewGuid().ToString("N");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Clocks[serviceId] = clock;
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId + "-cluster";
        builder.Properties[ClockKey] = serviceId;
        string? directory = null;
        if (postgres is null)
        {
            directory = Path.Combine(Path.GetTempPath(), "oroorleans-tests", serviceId);
            builder.Properties[SqliteDirectoryKey] = directory;
        }
        else
        {
            builder.Properties[PostgresKey] = postgres;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<ExpirySiloConfigurator>();
        var cluster = builder.Build();
        // The silo's whole TimeProvider is fake here (the tests move the sweep's timer with it), so Orleans' own
        // delays run on it too: a grain-directory lookup that waits to retry while the silo starts (the key ring's
        // first tick at Active) waited for ever, and a CI run hung in it. The clock moves with real time until the
        // silo has started.
        using (var started = new CancellationTokenSource())
        {
            var pump = Task.Run(async () =>
            {
                while (!started.IsCancellationRequested)
                {
                    await Task.Delay(20, CancellationToken.None);
                    clock.Advance(TimeSpan.FromMilliseconds(20));
                }
            }, CancellationToken.None);
            try
            {
                await cluster.DeployAsync();
            }
            finally
            {
                await started.CancelAsync();
                await pump;
            }
        }

        return new ExpiryCluster(cluster, clock, serviceId, directory, postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Clocks.TryRemove(ServiceId, out _);
        if (sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>This service's rows of a state name whose key starts with <paramref name="keyPrefix"/>.</summary>
    public async Task<long> CountRows(string stateName, string keyPrefix)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansStorage WHERE ServiceId = @s AND GrainTypeString = @t AND GrainIdExtensionString LIKE @p";
        Add(command, "@s", ServiceId);
        Add(command, "@t", stateName);
        Add(command, "@p", keyPrefix + "%");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>
    /// Dates a row's last write by the fake clock: the database stamps <c>ModifiedOn</c> with its own clock, which the
    /// fake clock does not move, so a row written "20 days later" gets that time here.
    /// </summary>
    public async Task DateRow(string stateName, string key, DateTimeOffset modifiedOn)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE OrleansStorage SET ModifiedOn = @m WHERE ServiceId = @s AND GrainTypeString = @t AND GrainIdExtensionString = @k";
        Add(command, "@m", postgres is null ? modifiedOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) : modifiedOn.ToUniversalTime());
        Add(command, "@s", ServiceId);
        Add(command, "@t", stateName);
        Add(command, "@k", key);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private DbConnection Open()
    {
        DbConnection connection = postgres is null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(sqliteDirectory!, SqliteStore.DatabaseFileName), Pooling = false }.ToString())
            : new NpgsqlConnection(postgres);
        connection.Open();
        return connection;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>Our grains on the storage and with the clock that <see cref="ExpiryCluster.Start"/> named.</summary>
public sealed class ExpirySiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        if (configuration[ExpiryCluster.PostgresKey] is { Length: > 0 } postgres)
        {
            siloBuilder.AddOroPostgresGrainStorage(StorageNames.Main, postgres);
        }
        else
        {
            siloBuilder.AddOroSqliteGrainStorage(StorageNames.Main, configuration[ExpiryCluster.SqliteDirectoryKey]!);
        }

        siloBuilder.Services.AddSingleton<TimeProvider>(ExpiryCluster.Clocks[configuration[ExpiryCluster.ClockKey]!]);
        siloBuilder.Services.AddOroGrainServices();
    }
}
