namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The moments at which membership declared a silo dead, as a signal that grain calls can wait on: a call takes
/// <see cref="Next"/> before it is sent, and when that task completes, the call may have been in flight to the dead
/// silo (§9.2). An Orleans client has no way to learn which silo a call went to, nor to break its calls to a dead silo
/// (silos do that for their own calls; a client waits for <c>Orleans:ResponseTimeout</c>).
/// </summary>
public sealed class SiloDeaths
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a silo is next declared dead.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Called by <see cref="SiloDeathWatcher"/> when it reads a silo that membership declared dead.</summary>
    public void Declared() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
