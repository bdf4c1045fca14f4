using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// <see cref="WriteTurns"/> on its own: one thread runs the writes in the order they came, and a line that is
/// closed finishes what it holds and takes nothing more. <see cref="SqliteWriteTurnsTests"/> covers it under a silo.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class WriteTurnsTests
{
    [Fact]
    public async Task Writes_RunOneAtATime_InTheirOrder_OnOneThreadThatIsNotTheCallers()
    {
        using var turns = new WriteTurns();
        var order = new List<int>();
        var threads = new HashSet<int>();
        var running = 0;
        var overlapped = false;

        // From several threads at once, each in its own order; an empty line between bursts makes the writer wait.
        var callers = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var mine = new List<Task<int>>();
            for (var i = 0; i < 500; i++)
            {
                var n = c * 1000 + i;
                mine.Add(turns.Run(() =>
                {
                    overlapped |= Interlocked.Increment(ref running) > 1;
                    order.Add(n);
                    threads.Add(Environment.CurrentManagedThreadId);
                    Interlocked.Decrement(ref running);
                    return n;
                }));
                if (i % 100 == 0)
                {
                    await Task.Delay(5);
                }
            }

            Assert.Equal(mine.Select((_, i) => c * 1000 + i), await Task.WhenAll(mine));
        })).ToArray();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(overlapped, "two writes ran at once");
        Assert.Equal(2000, order.Count);
        Assert.Single(threads);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threads);
        for (var c = 0; c < 4; c++)
        {
            var mine = order.Where(n => n / 1000 == c).ToList();
            Assert.Equal(mine.Order(), mine); // each caller's writes in the order it queued them
        }
    }

    [Fact]
    public async Task Dispose_LetsTheQueuedWritesFinish_ThenRefusesNewOnes()
    {
        var turns = new WriteTurns();
        using var release = new ManualResetEventSlim();
        var holding = turns.Run(() => release.Wait(TimeSpan.FromSeconds(30)));
        var queued = Enumerable.Range(0, 10).Select(i => turns.Run(() => i)).ToList();

        var disposing = Task.Run(turns.Dispose);
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted, "Dispose waits for the writes queued before it");
        release.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await holding);
        Assert.Equal(Enumerable.Range(0, 10), await Task.WhenAll(queued));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => turns.Run(() => 1));
        turns.Dispose(); // twice: nothing more
    }

    [Fact]
    public async Task AWriteThatWritesAgain_RunsItsInnerWriteAtOnce()
    {
        using var turns = new WriteTurns();
        var inner = await turns.Run(() => turns.Run(() => 7).Result).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(7, inner);
    }
}
