using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>A client that finds the gateways through ADO.NET clustering on PostgreSQL, as a front end does.</summary>
public sealed class PostgresClusterClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseOroPostgresClustering(configuration.GetValue<string>(StorageTestKeys.PostgresConnection)!);
}
