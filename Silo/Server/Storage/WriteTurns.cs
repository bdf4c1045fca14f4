namespace OroOrleans.Silo.Storage;

/// <summary>
/// Runs this process's writes into one SQLite database one at a time, in the order they came, on a thread of their
/// own. SQLite admits one writer; another that meets its lock gets SQLITE_BUSY and, with <c>busy_timeout</c> set,
/// sleeps on its thread in SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25 … 100 ms between tries, so the writers
/// must not meet there (docs/performance.md, row 8). They first waited for an async gate instead, and under load the
/// gate was the slowest part of a refresh: a writer let in had to be scheduled first (its continuation queued on the
/// two-core thread pool behind requests, then on its grain's scheduler), and every writer behind it waited that long
/// too, so the gate was held longer than the writes took. Here the writer thread goes from one write to the next at
/// once; a caller waits only for the writes queued before its own, and its continuation runs on the thread pool
/// after the write, outside the line. Microsoft.Data.Sqlite runs every statement synchronously, so a write holds
/// the thread for exactly as long as SQLite works. <c>busy_timeout</c> stays for writers outside this process's
/// line: another process (the <c>sqlite3</c> shell) or a second data source on the same file.
/// The line is a queue under a lock, and the writer waits for it with <see cref="Monitor.Wait(object)"/>, which
/// blocks at once: a <see cref="System.Collections.Concurrent.BlockingCollection{T}"/> (its <see cref="SemaphoreSlim"/>)
/// spun in <c>sched_yield</c> and <c>Thread.Sleep</c> every time the line ran empty, 2.1–2.4 % of the process's CPU
/// samples at 500 refreshes/s (perf, docs/performance.md).
/// </summary>
public sealed class WriteTurns : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for the writes already queued.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(SqliteStore.BusyTimeoutSeconds);

    private readonly Queue<Action> queue = new();
    private readonly object gate = new(); // Monitor.Wait and Pulse: not a System.Threading.Lock
    private readonly Thread writer;
    private bool closed; // under the gate

    public WriteTurns()
    {
        writer = new Thread(Write) { IsBackground = true, Name = "SQLite writes" };
        writer.Start();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer thread after every write queued before it; the task completes (on the
    /// thread pool) with its result or exception. A token cancelled before the work's turn comes skips it.
    /// </summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Turn()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }

        if (Thread.CurrentThread == writer)
        {
            Turn(); // a write that writes again: queued, it would wait for itself
            return done.Task;
        }

        lock (gate)
        {
            if (closed)
            {
                return Task.FromException<T>(new ObjectDisposedException(nameof(WriteTurns)));
            }

            queue.Enqueue(Turn);
            if (queue.Count == 1)
            {
                Monitor.Pulse(gate); // the writer waits only on an empty line
            }
        }

        return done.Task;
    }

    /// <summary>
    /// Runs an asynchronous write on the writer thread, which waits for it to finish (SQLite's ADO.NET methods
    /// complete synchronously, so it does not wait for anything else).
    /// </summary>
    public Task Run(Func<Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(() =>
        {
            work().GetAwaiter().GetResult();
            return true;
        }, cancellationToken);
    }

    /// <summary>An asynchronous write with a result (a count of rows), run as <see cref="Run(Func{Task}, CancellationToken)"/> is.</summary>
    public Task<T> Run<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(() => work().GetAwaiter().GetResult(), cancellationToken);
    }

    /// <summary>
    /// Takes no more writes and lets the writer finish those queued (at most <see cref="DrainTimeout"/>).
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            closed = true;
            Monitor.Pulse(gate);
        }

        if (Thread.CurrentThread != writer)
        {
            writer.Join(DrainTimeout);
        }
    }

    private void Write()
    {
        while (true)
        {
            Action turn;
            lock (gate)
            {
                while (queue.Count == 0)
                {
                    if (closed)
                    {
                        return;
                    }

                    Monitor.Wait(gate);
                }

                turn = queue.Dequeue();
            }

            turn();
        }
    }
}
