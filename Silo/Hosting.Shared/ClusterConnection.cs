using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>The cluster's PostgreSQL connection, which silos and client-mode front ends both read (§9.2).</summary>
public static class ClusterConnection
{
    /// <summary>The connection string's name: <c>ConnectionStrings:Orleans</c> (env <c>ConnectionStrings__Orleans</c>).</summary>
    public const string Name = "Orleans";

    /// <summary>The ADO.NET invariant for PostgreSQL (Npgsql) in Orleans 10.4.2.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The PostgreSQL connection string, or a start-up failure naming the key.</summary>
    public static string Required(IConfiguration configuration) =>
        configuration.GetConnectionString(Name) is { Length: > 0 } value
            ? value
            : throw new OptionsValidationException("ConnectionStrings", typeof(string), [$"ConnectionStrings:{Name}: a PostgreSQL connection string is required in cluster mode"]);
}
