namespace OroOrleans.WebFront.Health;

/// <summary>
/// When this front end last answered a request with <c>503 temporarily_unavailable</c> because a grain call failed
/// (§2.5): readiness (§8) is not 200 while requests fail, and a 503 tells the client to come back after
/// <see cref="Token.ClusterFaults.RetryAfter"/>, so that is how long one failure keeps the front end unready.
/// </summary>
public sealed class ClusterAvailability(TimeProvider time)
{
    private long lastFailure = long.MinValue;

    public void Failed() => Interlocked.Exchange(ref lastFailure, time.GetTimestamp());

    /// <summary>How long ago a grain call last failed for unavailability, if that was within Retry-After.</summary>
    public TimeSpan? RecentFailure
    {
        get
        {
            var at = Interlocked.Read(ref lastFailure);
            if (at == long.MinValue)
            {
                return null;
            }

            var ago = time.GetElapsedTime(at);
            return ago < Token.ClusterFaults.RetryAfter ? ago : null;
        }
    }
}
