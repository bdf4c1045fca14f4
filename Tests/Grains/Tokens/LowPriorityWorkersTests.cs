using System.Collections.Concurrent;
using System.Globalization;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The guest-token reserve's refill threads: each run executes the job once on every thread, each thread runs at
/// nice 19 (read back from the kernel) and no other thread is lowered with them, the run counts the threads' CPU time
/// and not their waits, a job's exception faults its run without stopping the threads, and disposing ends them.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class LowPriorityWorkersTests
{
    [SkippableFact]
    public async Task Run_ExecutesTheJobOncePerThread_AtNiceNineteen_AndCountsTheirCpuTime()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "nice values and the threads' CPU clock are Linux's");
        // The CPU time of a fixed amount of work on one worker, read with the same clock as the run below.
        TimeSpan cost;
        using (var one = new LowPriorityWorkers(1, "test one"))
        {
            await one.Run(() => Work());
            cost = await one.Run(() => Work());
        }

        using var workers = new LowPriorityWorkers(3, "test workers");
        for (var run = 0; run < 2; run++)
        {
            var seen = new ConcurrentBag<(int Thread, string Name, int Nice, long Work)>();
            var spent = await workers.Run(() => seen.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name ?? "", Stat("thread-self").Nice, Work())));

            Assert.Equal(3, seen.Count);
            Assert.Equal(3, seen.Select(s => s.Thread).Distinct().Count());
            Assert.All(seen, s => Assert.StartsWith("test workers ", s.Name, StringComparison.Ordinal));
            Assert.Single(seen.Select(s => s.Work).Distinct());
            Assert.All(seen, s => Assert.Equal(LowPriorityWorkers.Nice, s.Nice));
            Assert.Equal(3, workers.Lowered);
            // Three threads did the work once each: about three times its cost.
            var ratio = spent / cost;
            Assert.True(ratio is > 1.5 and < 6, $"spent {spent.TotalMilliseconds:F1} ms, the work costs {cost.TotalMilliseconds:F1} ms: {ratio:F2}x");
        }
    }

    /// <summary>
    /// A thread inherits the nice value of the thread that starts it: runs that end while the thread pool is kept busy
    /// must leave no thread but the workers at nice 19. (The pool starts a thread on the one that queues work only at
    /// some moments, so a worker that queued would not fail this every time; <c>bench/guest-burst.sh</c> counts the
    /// server's lowered threads after a burst as well.)
    /// </summary>
    [SkippableFact]
    public async Task Runs_WhileThePoolGrows_LeaveNoOtherThreadLowered()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "nice values are Linux's");
        using var workers = new LowPriorityWorkers(2, "test leak");
        using var stop = new CancellationTokenSource();
        // Work items that block a while each, more than the pool has threads: it starts more as the runs go on.
        var load = Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(loader => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _ = Task.Run(() => Thread.Sleep(5));
                await Task.Delay(1);
            }
        })).ToArray();
        for (var run = 0; run < 20; run++)
        {
            await workers.Run(() => Thread.Sleep(5));
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        var lowered = Directory.GetDirectories("/proc/self/task")
            .Select(task => Stat($"self/task/{Path.GetFileName(task)}"))
            .Where(stat => stat.Nice == LowPriorityWorkers.Nice)
            .Select(stat => stat.Name)
            .ToList();
        // Other reserves in this process (cluster tests) name their threads "reserve N".
        Assert.All(lowered, name => Assert.Matches("^(test leak|reserve) [0-9]+$", name));
        Assert.Equal(2, lowered.Count(name => name.StartsWith("test leak ", StringComparison.Ordinal)));
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
        using var workers = new LowPriorityWorkers(2, "test workers");
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

    /// <summary>
    /// The name (field 2) and the nice value (field 19) in <c>/proc/{path}/stat</c> (<c>thread-self</c>: the calling
    /// thread).
    /// </summary>
    private static (string Name, int Nice) Stat(string path)
    {
        var stat = File.ReadAllText($"/proc/{path}/stat");
        // The name is in parentheses and may hold spaces: the other fields follow its closing one.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        return (stat[(open + 1)..close], int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
    }
}
