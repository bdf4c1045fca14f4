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
    /// What the cluster's connections default to when the connection string does not say (an operator's own value,
    /// under either of Npgsql's spellings, wins). Orleans' providers send a fixed set of statements over and over,
    /// and nothing here sets session state: <c>No Reset On Close</c> spares a <c>DISCARD ALL</c> each time a pooled
    /// connection is reused, and <c>Max Auto Prepare</c> lets PostgreSQL keep the plans of the statements used most
    /// (the ledger's batched upsert has one text per batch size, so only its common sizes earn a slot). Together they
    /// took a third of PostgreSQL's CPU off a refresh rotation on the local cluster (docs/performance.md). A
    /// transaction-mode pooler must keep prepared statements (PgBouncer: <c>max_prepared_statements</c> above 0, the
    /// default only from 1.24), or the connection string must say <c>Max Auto Prepare=0</c>.
    /// <para>
    /// <c>Keepalive=1</c>: a restart of PostgreSQL ends every pooled connection, and Npgsql learns it only when one is
    /// next used. That call fails (each that took a stale connection before Npgsql empties the pool), and its request
    /// is answered 503 after the database is back, at any time later on a silo that touched no storage meanwhile. A
    /// keepalive (an empty round trip on a connection idle for a second) finds the broken connection within a second
    /// of the stop and empties the pool then, so no request after a return a second or more later meets one (§9.2:
    /// "full service within 5 s of its return"; behind a pooler it reaches the pooler, not PostgreSQL). Its cost: the
    /// keepalive waits for its answer on a thread-pool thread (up to <c>Command Timeout</c>), which matters only where
    /// the network drops packets without resetting connections; docs/operations.md says when to shorten or disable it.
    /// </para>
    /// <para>
    /// <c>Maximum Pool Size=25</c> (Npgsql's own default is 100 per process): every silo and client-mode front end
    /// opens its own pool, and PostgreSQL refuses connections beyond its <c>max_connections</c> (100 by default) with
    /// <c>53300: sorry, too many clients already</c>, which failed grain writes and answered refreshes 503 on the
    /// local cluster under load (3 silos × 100 against 200; docs/performance.md). A pool that is full makes a call wait
    /// for a connection instead (up to <c>Timeout</c>); on the two cores a silo was measured on, more than a few dozen
    /// statements at once only queue inside PostgreSQL. docs/operations.md says how to size it for more nodes.
    /// </para>
    /// </summary>
    public static readonly IReadOnlyList<(string Keyword, string Value)> Defaults =
    [
        ("No Reset On Close", "true"),
        ("Max Auto Prepare", "20"),
        ("Keepalive", "1"),
        ("Maximum Pool Size", "25"),
    ];

    /// <summary>
    /// The PostgreSQL connection string with <see cref="Defaults"/> added where it is silent, or a start-up failure
    /// naming the key when it is missing or not one Npgsql can read (an unknown keyword, a bad value). The string
    /// itself is never echoed: it may hold a password.
    /// </summary>
    public static string Required(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(Name) is not { Length: > 0 } value)
        {
            throw Invalid("a PostgreSQL connection string is required in cluster mode");
        }

        Npgsql.NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new Npgsql.NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid($"not a PostgreSQL connection string: {e.Message}");
        }

        // Npgsql keeps each keyword it read under its canonical name, whatever the spelling ("MaxPoolSize",
        // "maximum pool size"): the names Defaults uses.
        var written = parsed.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = value.TrimEnd().TrimEnd(';');
        foreach (var (keyword, setting) in Defaults.Where(d => !written.Contains(d.Keyword)))
        {
            result += $";{keyword}={setting}";
        }

        return result;
    }

    private static OptionsValidationException Invalid(string problem) =>
        new("ConnectionStrings", typeof(string), [$"ConnectionStrings:{Name}: {problem}"]);
}
