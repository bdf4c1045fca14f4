using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Keys;
using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>§6 in cluster mode: a silo's start ticks the key ring, which registers its rotation reminder in PostgreSQL (ADO.NET reminders), once however many silos start.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class KeyRotationReminderPostgresTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task SiloStart_RegistersTheKeyRotationReminderInPostgres()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = $"oro-keys-{Guid.NewGuid():N}";
        builder.Options.ClusterId = builder.Options.ServiceId + "-cluster";
        builder.Properties[StorageTestKeys.PostgresConnection] = connectionString;
        builder.AddSiloBuilderConfigurator<Configurator>();

        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.StartAdditionalSiloAsync();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), min(Period) FROM OrleansRemindersTable WHERE ServiceId = @id AND ReminderName = @name", connection);
        command.Parameters.AddWithValue("id", builder.Options.ServiceId);
        command.Parameters.AddWithValue("name", KeyRingGrain.ReminderName);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(1L, reader.GetInt64(0));
        Assert.Equal((long)TimeSpan.FromHours(1).TotalMilliseconds, reader.GetInt64(1));
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.UseOroPostgres(silo.Configuration.GetValue<string>(StorageTestKeys.PostgresConnection)!);
            silo.Services.AddOroGrainServices();
        }
    }
}
