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
        // A storage driver's exception (NpgsqlException, SqliteException) has no Orleans codec: what reaches the front
        // end is the codec failure or a stand-in, not the DbException. Our grains return refusals as values and
        // throw only for faults, so an exception that could not cross the wire is a fault of the infrastructure.
        Orleans.Serialization.SerializerException or Orleans.Serialization.UnavailableExceptionFallbackException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
