using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Threads of their own, one job at a time on all of them, at nice 19 on Linux (the lowest priority of the ordinary
/// scheduling policy; any process may lower its own threads). The guest-token reserve refills on them: a refill that
/// overlaps requests then yields the CPU to them at once, where at the requests' own priority it took its share and held
/// their answers back (<c>bench/guest-burst.sh</c>, a burst at 5 R, which leaves the process below <c>IdleBelow</c>:
/// p99 60 ms with the refill on pool threads, 40 ms with no refill during the burst, 36.5 ms with it on these threads,
/// which also signed 24,000 tokens during the burst).
/// <para>
/// A thread inherits the nice value of the thread that creates it, so nothing here may make the runtime start a
/// thread from a lowered one: a run is completed by the thread pool's wait thread (<see cref="ThreadPool.RegisterWaitForSingleObject(WaitHandle, WaitOrTimerCallback, object?, int, bool)"/>),
/// never by a worker, and a job must not queue work or start threads itself. Not thread-safe: one caller.
/// </para>
/// </summary>
internal sealed class LowPriorityWorkers : IDisposable
{
    /// <summary>The workers' nice value.</summary>
    public const int Nice = 19;

    private const int PrioProcess = 0;
    private const int ClockThreadCpuTime = 3;

    /// <summary>Whether this thread's CPU clock can be read (Linux); decided once, so a run never mixes clocks.</summary>
    private static readonly bool HasThreadClock = OperatingSystem.IsLinux() && TryReadThreadClock(out _);

    private readonly Thread[] threads;
    private readonly SemaphoreSlim[] starts;
    private readonly ManualResetEvent finished = new(false);
    private readonly CancellationTokenSource stopping = new();
    private int lowered;
    private int disposed;
    private Action? job;
    private int remaining;
    private long spentTicks;
    private Exception? failure;
    private TaskCompletionSource<TimeSpan>? current;
    private RegisteredWaitHandle? completion;

    public LowPriorityWorkers(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        starts = [.. Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(0, 1))];
        // Linux shows 15 characters of a thread's name.
        threads = [.. Enumerable.Range(0, count).Select(i => new Thread(() => Work(starts[i])) { IsBackground = true, Name = $"{name} {i}" })];
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    public int Count => threads.Length;

    /// <summary>How many of the threads run at <see cref="Nice"/> (once they have started); fewer where the OS refused or is not Linux.</summary>
    public int Lowered => Volatile.Read(ref lowered);

    /// <summary>
    /// Runs <paramref name="work"/> once on every thread. Completes with the CPU time the threads spent in it together
    /// (on Linux, each thread's own clock: a thread the requests kept waiting does not count its wait; elsewhere the
    /// wall-clock time), or faults with the first exception one of them threw. Await it before the next run.
    /// </summary>
    public Task<TimeSpan> Run(Action work)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (current is { Task.IsCompleted: false })
        {
            throw new InvalidOperationException("The previous run has not finished.");
        }

        (job, failure, spentTicks, remaining) = (work, null, 0, threads.Length);
        finished.Reset();
        var run = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        current = run;
        completion = ThreadPool.RegisterWaitForSingleObject(finished, (_, _) => Complete(run), null, Timeout.Infinite, executeOnlyOnce: true);
        foreach (var start in starts)
        {
            start.Release();
        }

        return run.Task;
    }

    /// <summary>
    /// Stops the threads once their current job (if any) ends, waits for them, and fails a run that had not finished.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Cancel();
        // A job ends within its budget; one that does not is left to end with the process (the threads are background).
        var ended = threads.All(thread => thread.Join(TimeSpan.FromSeconds(10)));
        completion?.Unregister(null);
        // A thread stopped before it took up the run never counts down: the run ends here.
        current?.TrySetException(new ObjectDisposedException(nameof(LowPriorityWorkers)));
        job = null;
        if (ended)
        {
            foreach (var start in starts)
            {
                start.Dispose();
            }

            finished.Dispose();
            stopping.Dispose();
        }
    }

    /// <summary>On a thread of the pool (not a worker): ends the run and lets go of its job.</summary>
    private void Complete(TaskCompletionSource<TimeSpan> run)
    {
        completion?.Unregister(null);
        var (error, spent) = (failure, TimeSpan.FromTicks(Interlocked.Read(ref spentTicks)));
        job = null;
        if (error is not null)
        {
            run.TrySetException(error);
        }
        else
        {
            run.TrySetResult(spent);
        }
    }

    private void Work(SemaphoreSlim start)
    {
        if (TryLowerThisThread())
        {
            Interlocked.Increment(ref lowered);
        }

        while (true)
        {
            try
            {
                start.Wait(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var started = ThreadTime();
            try
            {
                job!();
            }
            catch (Exception e)
            {
                // Kept for the run's task: an exception escaping this thread would end the process.
                Interlocked.CompareExchange(ref failure, e, null);
            }

            Interlocked.Add(ref spentTicks, (ThreadTime() - started).Ticks);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                // Wakes the wait thread only: no work is queued from this thread.
                finished.Set();
            }
        }
    }

    /// <summary>On Linux, <c>setpriority(PRIO_PROCESS, 0, 19)</c> lowers the calling thread only.</summary>
    private static bool TryLowerThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriority(PrioProcess, 0, Nice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The calling thread's CPU time on Linux (<c>CLOCK_THREAD_CPUTIME_ID</c>), else the wall clock.</summary>
    private static TimeSpan ThreadTime() =>
        HasThreadClock && TryReadThreadClock(out var time) ? time : Stopwatch.GetElapsedTime(0);

    private static bool TryReadThreadClock(out TimeSpan time)
    {
        try
        {
            if (ClockGetTime(ClockThreadCpuTime, out var spec) == 0)
            {
                time = TimeSpan.FromTicks((long)spec.Seconds * TimeSpan.TicksPerSecond + (long)spec.Nanoseconds / TimeSpan.NanosecondsPerTick);
                return true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        time = default;
        return false;
    }

    // DllImport, not LibraryImport: LibraryImport needs the project to allow unsafe code, and these signatures are
    // blittable, so DllImport marshals nothing either.
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The C library's <c>struct timespec</c>: <c>time_t</c> and <c>long</c>, both the platform's word.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
