using System.Collections.Concurrent;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Tokens;

/// <summary>
/// The guest-token reserve's refill threads: each run executes the job once on every thread, the run counts the
/// threads' CPU time and not their waits, a job's exception faults its run without stopping the threads, and disposing
/// ends them.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class DedicatedWorkersTests
{
    [SkippableFact]
    public async Task Run_ExecutesTheJobOncePerThread_AndCountsTheirCpuTime()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the threads' own CPU clock is read on Linux only");
        // The CPU time of a fixed amount of work on one worker, read with the same clock as the run below.
        TimeSpan cost;
        using (var one = new DedicatedWorkers(1, "test one"))
        {
            await one.Run(() => Work());
            cost = await one.Run(() => Work());
        }

        using var workers = new DedicatedWorkers(3, "test workers");
        for (var run = 0; run < 2; run++)
        {
            var seen = new ConcurrentBag<(int Thread, string Name, long Work)>();
            var spent = await workers.Run(() => seen.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name ?? "", Work())));

            Assert.Equal(3, seen.Count);
            Assert.Equal(3, seen.Select(s => s.Thread).Distinct().Count());
            Assert.All(seen, s => Assert.StartsWith("test workers ", s.Name, StringComparison.Ordinal));
            Assert.Single(seen.Select(s => s.Work).Distinct());
            // Three threads did the work once each: about three times its cost.
            var ratio = spent / cost;
            Assert.True(ratio is > 1.5 and < 6, $"spent {spent.TotalMilliseconds:F1} ms, the work costs {cost.TotalMilliseconds:F1} ms: {ratio:F2}x");
        }
    }

    [SkippableFact]
    public async Task Run_DoesNotCountTimeTheThreadsWait_OnLinux()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the threads' own CPU clock is read on Linux only");
        using var workers = new DedicatedWorkers(2, "test workers");
        var spent = await workers.Run(() => Thread.Sleep(200));
        // 400 ms of wall-clock time together, next to no CPU time.
        Assert.True(spent < TimeSpan.FromMilliseconds(100), $"spent {spent.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Run_WhoseJobThrows_Faults_AndTheThreadsServeTheNextRun()
    {
        using var workers = new DedicatedWorkers(2, "test workers");
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
        using var workers = new DedicatedWorkers(2, "test workers");
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
}
