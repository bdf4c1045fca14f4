using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Threads of their own, one job at a time on all of them. The guest-token reserve refills on them, not on the thread
/// pool: a refill of 80 ms on every core held as many of the pool's threads, and a burst's requests queued behind it
/// (<c>bench/guest-burst.sh</c>, a burst at 5 R, which leaves the process below <c>IdleBelow</c>: p99 60 ms with the
/// refill on the pool, 40 ms with no refill during the burst).
/// <para>
/// The threads keep the process's priority. Lowering them (nice 19) was tried and dropped: a thread inherits the
/// nice value of the thread that starts it, and the runtime starts some of its own lazily on whichever thread needs
/// them (a test of the first version found the background GC's thread at nice 19: a lowered worker had allocated and
/// started it), and a lowered thread holding one of the runtime's locks stalls the rest.
/// </para>
/// <para>
/// A run is completed by the thread pool's wait thread
/// (<see cref="ThreadPool.RegisterWaitForSingleObject(WaitHandle, WaitOrTimerCallback, object?, int, bool)"/>), so a
/// worker never queues work. Not thread-safe: one caller.
/// </para>
/// </summary>
internal sealed class DedicatedWorkers : IDisposable
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>Whether a thread's CPU clock can be read (Linux); decided once, so a run never mixes clocks.</summary>
    private static readonly bool HasThreadClock = OperatingSystem.IsLinux() && TryReadThreadClock(out _);

    private readonly Thread[] threads;
    private readonly SemaphoreSlim[] starts;
    private readonly ManualResetEvent finished = new(false);
    private readonly CancellationTokenSource stopping = new();
    private int disposed;
    private Action? job;
    private int remaining;
    private long spentTicks;
    private Exception? failure;
    private TaskCompletionSource<TimeSpan>? current;
    private RegisteredWaitHandle? completion;

    /// <param name="count">Threads.</param>
    /// <param name="name">Their name, followed by each one's number (Linux shows 15 characters).</param>
    public DedicatedWorkers(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        starts = [.. Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(0, 1))];
        threads = [.. Enumerable.Range(0, count).Select(i => new Thread(() => Work(starts[i])) { IsBackground = true, Name = $"{name} {i}" })];
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> once on every thread. Completes with the CPU time the threads spent in it together
    /// (on Linux, each thread's own clock, so a thread that waited for a core does not count its wait; elsewhere the
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
        current?.TrySetException(new ObjectDisposedException(nameof(DedicatedWorkers)));
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

    /// <summary>On a thread of the pool: ends the run and lets go of its job (and what it holds).</summary>
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
                finished.Set();
            }
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

    // DllImport, not LibraryImport: LibraryImport needs the project to allow unsafe code, and this signature is
    // blittable, so DllImport marshals nothing either.
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
