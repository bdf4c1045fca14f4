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
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
