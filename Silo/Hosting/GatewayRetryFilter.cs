using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Retries an operator command's connection to the cluster every second while no gateway answers, for as long as
/// the start's token allows (<see cref="OrleansOptions.ConnectTimeout"/>), and keeps the last failure to name it.
/// It retries what Orleans' default filter retries (no gateway in the membership table, a gateway that refuses or
/// drops the connection); anything else, such as PostgreSQL refusing the connection, fails at once. The default
/// waits 1.5 s, 3 s, … 22.5 s between its 15 tries: a silo that came up meanwhile was found up to 22 s late.
/// </summary>
internal sealed class GatewayRetryFilter : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>The last attempt's failure, or null before any failed.</summary>
    public Exception? LastFailure { get; private set; }

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LastFailure = exception;
        if (exception is not (OrleansMessageRejectionException or ConnectionFailedException) || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await Task.Delay(Pause, cancellationToken);
        return true;
    }
}
