using System.Collections.Concurrent;
using System.Globalization;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The guest-token reserve's refill threads: each run executes the job once on every thread, each thread runs at
/// nice 19 (read back from the kernel), a job's exception faults its run without stopping the threads, and
/// disposing ends them.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class LowPriorityWorkersTests
{
    [Fact]
    public async Task Run_ExecutesTheJobOncePerThread_AtNiceNineteen_AndCountsTheirCpuTime()
    {
        using var workers = new LowPriorityWorkers(3, "test workers");
        // The CPU time of a fixed amount of work, measured on this thread (CPU time, not wall-clock time, so the
        // machine's other load moves it little).
        var cpuBefore = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
        var work = Work();
        var cost = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpuBefore;
        for (var run = 0; run < 2; run++)
        {
            var seen = new ConcurrentBag<(int Thread, string Name, int? Nice, long Work)>();
            var spent = await workers.Run(() => seen.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name ?? "", NiceOfThisThread(), Work())));

            Assert.Equal(3, seen.Count);
            Assert.Equal(3, seen.Select(s => s.Thread).Distinct().Count());
            Assert.All(seen, s => Assert.StartsWith("test workers ", s.Name, StringComparison.Ordinal));
            Assert.All(seen, s => Assert.Equal(work, s.Work));
            // Three threads did the work: about three times its cost (the process's CPU clock above is coarser).
            Assert.True(spent >= cost * 1.5, $"spent {spent.TotalMilliseconds} ms, the work costs {cost.TotalMilliseconds} ms");
            if (OperatingSystem.IsLinux())
            {
                Assert.All(seen, s => Assert.Equal(LowPriorityWorkers.Nice, s.Nice));
                Assert.Equal(3, workers.Lowered);
            }
        }
    }

    [SkippableFact]
    public async Task Run_DoesNotCountTimeTheThreadsWait_OnLinux()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the threads' own CPU clock is read on Linux only");
        using var workers = new LowPriorityWorkers(2, "test workers");
        var spent = await workers.Run(() => Thread.Sleep(200));
        // 400 ms of wall-clock time together, next to no CPU time.
        Assert.True(spent < TimeSpan.FromMilliseconds(100), $"spent {spent.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Run_WhoseJobThrows_Faults_AndTheThreadsServeTheNextRun()
    {
        using var workers = new LowPriorityWorkers(2, "test workers");
        var calls = 0;
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => workers.Run(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the first job fails");
            }
        }));
        Assert.Equal("the first job fails", failed.Message);
        Assert.Equal(2, calls);

        await workers.Run(() => Interlocked.Increment(ref calls));
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task Run_BeforeThePreviousEnds_IsRefused_AndDispose_EndsTheThreads()
    {
        var workers = new LowPriorityWorkers(2, "test workers");
        var threads = new ConcurrentBag<Thread>();
        using var release = new ManualResetEventSlim();
        var first = workers.Run(() =>
        {
            threads.Add(Thread.CurrentThread);
            release.Wait();
        });
        // Run refuses at once, not through its task.
        Assert.Throws<InvalidOperationException>(() => { _ = workers.Run(() => { }); });
        release.Set();
        await first;

        workers.Dispose();
        Assert.Equal(2, threads.Count);
        Assert.All(threads, t => Assert.False(t.IsAlive));
        Assert.Throws<ObjectDisposedException>(() => { _ = workers.Run(() => { }); });
    }

    /// <summary>About 50 ms of CPU: SHA-256 over 1 MiB, 100 times; returns a byte of the last hash.</summary>
    private static long Work()
    {
        var data = new byte[1 << 20];
        var hash = new byte[32];
        for (var i = 0; i < 100; i++)
        {
            data[0] = hash[0];
            System.Security.Cryptography.SHA256.HashData(data, hash);
        }

        return hash[0];
    }

    /// <summary>Field 19 of <c>/proc/thread-self/stat</c>: the calling thread's nice value; null off Linux.</summary>
    private static int? NiceOfThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count from after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
