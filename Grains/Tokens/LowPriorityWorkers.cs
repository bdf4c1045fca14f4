using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Threads of their own, one job at a time on all of them, at the lowest CPU priority a process may give its own
/// threads (nice 19 on Linux). The guest-token reserve refills on them: a refill that overlaps requests then takes
/// only the CPU they leave idle, where at the requests' own priority it took its share and held their answers back
/// (<c>bench/guest-burst.sh</c>, a burst at 5 R, which leaves the process below <c>IdleBelow</c>: p99 60 ms with the
/// refill on pool threads, 40 ms with no refill during the burst, 36 ms with it on these threads, which also signed
/// 24,000 tokens during the burst).
/// </summary>
internal sealed class LowPriorityWorkers : IDisposable
{
    /// <summary>The nice value of the threads: the lowest priority; raising it back would need privilege.</summary>
    public const int Nice = 19;

    private readonly Thread[] threads;
    private readonly SemaphoreSlim[] starts;
    private readonly CancellationTokenSource stopping = new();
    private int lowered;
    private Action? job;
    private int remaining;
    private long spentTicks;
    private Exception? failure;
    private TaskCompletionSource<TimeSpan>? done;

    public LowPriorityWorkers(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        starts = [.. Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(0, 1))];
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
    /// wall-clock time), or faults with the first exception one of them threw. One run at a time: await it before the
    /// next.
    /// </summary>
    public Task<TimeSpan> Run(Action work)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        if (done is { Task.IsCompleted: false })
        {
            throw new InvalidOperationException("The previous run has not finished.");
        }

        (job, failure, spentTicks, remaining) = (work, null, 0, threads.Length);
        var run = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        done = run;
        foreach (var start in starts)
        {
            start.Release();
        }

        return run.Task;
    }

    /// <summary>Stops the threads once their current job (if any) ends, and waits for them.</summary>
    public void Dispose()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        stopping.Cancel();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        foreach (var start in starts)
        {
            start.Dispose();
        }

        stopping.Dispose();
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
                Interlocked.CompareExchange(ref failure, e, null);
            }

            Interlocked.Add(ref spentTicks, (ThreadTime() - started).Ticks);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                if (failure is { } e)
                {
                    done!.SetException(e);
                }
                else
                {
                    done!.SetResult(TimeSpan.FromTicks(Interlocked.Read(ref spentTicks)));
                }
            }
        }
    }

    /// <summary>The calling thread's CPU time on Linux (<c>CLOCK_THREAD_CPUTIME_ID</c>), else the wall clock.</summary>
    private static TimeSpan ThreadTime() =>
        OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var time) == 0
            ? TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / TimeSpan.NanosecondsPerTick)
            : Stopwatch.GetElapsedTime(0);

    /// <summary>On Linux, <c>setpriority(PRIO_PROCESS, tid, 19)</c> applies to the one thread.</summary>
    private static bool TryLowerThisThread() =>
        OperatingSystem.IsLinux() && SetPriority(PrioProcess, GetThreadId(), Nice) == 0;

    private const int PrioProcess = 0;

    // DllImport, not LibraryImport: both signatures are blittable, so nothing is generated and the project needs no
    // unsafe code.
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The C library's <c>struct timespec</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
