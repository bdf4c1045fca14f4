namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The moments at which membership declared a silo dead, as a signal that grain calls can wait on: a call takes
/// <see cref="Next"/> before it is sent, and when that token is cancelled, the call may have been in flight to the dead
/// silo (§9.2). An Orleans client has no way to learn which silo a call went to, nor to break its calls to a dead silo
/// (silos do that for their own calls; a client waits for <c>Orleans:ResponseTimeout</c>).
/// <para>
/// A cancellation token rather than a task: every call in flight waits on the same signal, and a shared task keeps
/// its waiters in one list under one lock, which a call's end searches to remove itself (contention the profiler
/// showed under load); a token's registrations come and go in constant time.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "A source with no timer and no wait handle holds nothing to free; disposing one would make Next throw for requests still running at shutdown, and disposing a replaced one would drop the calls waiting on it.")]
public sealed class SiloDeaths
{
    private CancellationTokenSource next = new();

    /// <summary>Cancelled when a silo is next declared dead.</summary>
    public CancellationToken Next => Volatile.Read(ref next).Token;

    /// <summary>
    /// Called by <see cref="SiloDeathWatcher"/> when it reads a silo that membership declared dead. The waiting calls
    /// go on on the thread pool, not on the watcher's thread.
    /// </summary>
    public void Declared() => _ = Interlocked.Exchange(ref next, new CancellationTokenSource()).CancelAsync();
}
