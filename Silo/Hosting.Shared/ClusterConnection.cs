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

    /// <summary>
    /// The PostgreSQL connection string, or a start-up failure naming the key when it is missing or not one Npgsql can
    /// read (an unknown keyword, a bad value). The string itself is never echoed: it may hold a password.
    /// </summary>
    public static string Required(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(Name) is not { Length: > 0 } value)
        {
            throw Invalid("a PostgreSQL connection string is required in cluster mode");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid($"not a PostgreSQL connection string: {e.Message}");
        }

        return value;
    }

    private static OptionsValidationException Invalid(string problem) =>
        new("ConnectionStrings", typeof(string), [$"ConnectionStrings:{Name}: {problem}"]);
}
