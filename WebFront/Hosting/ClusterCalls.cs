using System.Runtime.ExceptionServices;
using Orleans.Runtime.Messaging;
using OroOrleans.Grains;
using OroOrleans.WebFront.Health;
using OroOrleans.WebFront.Token;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The one way a request calls grains (§9.2). <see cref="Retrying{T}"/> is for calls that are safe to send twice:
/// when the call is lost with its silo (a rejection by a dead silo's gateway or connection, a silo declared dead
/// while the call was in flight), it is sent again after a short backoff, within <see cref="ClusterCallBudget"/>
/// from the first attempt, and the grain's new activation answers. <see cref="Once{T}"/> is for calls that must not
/// run twice (creations, secret rotations, additions): they are neither resent nor ended when some silo dies, since
/// the death may be another silo's and the call may have run: it is waited for, so that its answer (a new secret,
/// shown once) is not lost. Either way a call that finally fails for unavailability is recorded for readiness
/// (<see cref="ClusterAvailability"/>).
/// </summary>
public sealed partial class ClusterCalls(
    IGrainFactory grains, SiloDeaths deaths, ClusterAvailability availability, ClusterCallBudget budget, TimeProvider time, ILogger<ClusterCalls> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);
    private const int MaxAttempts = 10;

    /// <summary>
    /// A call that is safe to repeat: a read; an idempotent change (a revocation); an issuance (a password, guest or
    /// client_credentials grant: a repeat issues another token and changes nothing stored, except that a wrong
    /// password lost with its silo after being counted may count twice); a refresh rotation (§3: the same token
    /// presented again within <c>Tokens:RefreshRetryWindow</c> answers the same pair).
    /// </summary>
    public Task<T> Retrying<T>(Func<IGrainFactory, Task<T>> call) => Run(call, retry: true);

    /// <summary>A call that must not run twice: not resent, and waited for (up to its timeout) even when a silo dies.</summary>
    public Task<T> Once<T>(Func<IGrainFactory, Task<T>> call) => Run(call, retry: false);

    /// <summary>Whether a call failed because the silo it went to (or through) died or is leaving: worth resending.</summary>
    public static bool LostWithSilo(Exception e) =>
        e is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException;

    private async Task<T> Run<T>(Func<IGrainFactory, Task<T>> call, bool retry)
    {
        var started = time.GetTimestamp();
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            // A call that must not run twice is waited for whatever dies; only a resendable one listens for deaths.
            var death = retry ? deaths.Next : CancellationToken.None;
            var pending = call(grains);
            Exception failure;
            var wait = backoff;
            if (await Ended(pending, death))
            {
                try
                {
                    return await pending;
                }
                catch (Exception e) when (LostWithSilo(e))
                {
                    failure = e;
                }
                catch (Exception e) when (ClusterFaults.IsUnavailable(e))
                {
                    availability.Failed();
                    throw;
                }
            }
            else
            {
                // The call may be waiting for a silo that will never answer; its late end is ignored.
                _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                failure = new SiloUnavailableException("A silo was declared dead while the call was in flight.");
                // Membership has declared the death: the next attempt finds the grain's new activation at once.
                wait = TimeSpan.Zero;
            }

            var elapsed = time.GetElapsedTime(started);
            if (!retry || attempt >= MaxAttempts || elapsed + wait >= budget.Value)
            {
                availability.Failed();
                LogGaveUp(logger, ClusterFaults.Describe(failure), attempt, elapsed.TotalMilliseconds);
                ExceptionDispatchInfo.Throw(failure);
            }

            LogRetrying(logger, ClusterFaults.Describe(failure), attempt, elapsed.TotalMilliseconds);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
    }

    /// <summary>Waits until <paramref name="pending"/> ends (true) or <paramref name="death"/> is cancelled first (false).</summary>
    private static async Task<bool> Ended(Task pending, CancellationToken death)
    {
        if (pending.IsCompleted || !death.CanBeCanceled)
        {
            return true;
        }

        // The call's own outcome is read by the caller; only the wait is awaited here, without throwing.
        await pending.WaitAsync(death).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (pending.IsCompleted)
        {
            return true;
        }

        // A death ends every waiting call from one thread: each goes on (and is resent) on a thread of its own.
        await Task.Yield();
        return false;
    }

    [LoggerMessage(LogEvents.ClusterCallsRetrying, LogLevel.Information, "Grain call lost with its silo ({Exception}) on attempt {Attempt} after {ElapsedMs:F0} ms: sending it again")]
    private static partial void LogRetrying(ILogger logger, string exception, int attempt, double elapsedMs);

    [LoggerMessage(LogEvents.ClusterCallsGaveUp, LogLevel.Warning, "Grain call failed ({Exception}) on attempt {Attempt} after {ElapsedMs:F0} ms: not sent again")]
    private static partial void LogGaveUp(ILogger logger, string exception, int attempt, double elapsedMs);
}

/// <summary>
/// How long after its first attempt a request may still resend a grain call: twice <c>Orleans:ResponseTimeout</c>. A
/// call that waited out the whole timeout is so sent once more: on a loaded machine a silo that stops gracefully, or
/// the cluster recovering from a death, can hold a call that long, and its grain's next activation answers the resend.
/// </summary>
public sealed record ClusterCallBudget(TimeSpan Value)
{
    public static ClusterCallBudget For(TimeSpan responseTimeout) => new(2 * responseTimeout);
}
