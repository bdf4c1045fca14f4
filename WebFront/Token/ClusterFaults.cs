using System.Data.Common;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Which exceptions mean "the cluster or its storage cannot answer now" (503 <c>temporarily_unavailable</c>,
/// §2.5) rather than a bug (500 <c>server_error</c>).
/// </summary>
public static class ClusterFaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsUnavailable(Exception e) => e switch
    {
        TimeoutException or OrleansException or DbException or Orleans.Runtime.Messaging.ConnectionFailedException => true,
        // An exception a silo could not encode (Npgsql's before WireExceptions, any type outside the namespaces
        // Orleans allows) reaches the front end as a codec failure or a stand-in, not as the DbException. Our grains
        // return refusals as values and throw only for faults, so an exception that could not cross the wire is a
        // fault of the infrastructure.
        Orleans.Serialization.SerializerException or Orleans.Serialization.UnavailableExceptionFallbackException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>
    /// The exception's type and its inner exceptions' types, outermost first ("OrleansException &gt; PostgresException"):
    /// what a log names as the fault. Types only, never messages, so no request data reaches the log.
    /// </summary>
    public static string Describe(Exception e)
    {
        var names = new List<string>();
        for (Exception? current = e; current is not null && names.Count < 5; current = current.InnerException)
        {
            names.Add(current.GetType().Name);
        }

        return string.Join(" > ", names);
    }
}
