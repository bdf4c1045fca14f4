namespace OroOrleans.Silo.Storage;

/// <summary>
/// Lets this process's writes into one SQLite database in one at a time, in the order they came, without holding a
/// thread while they wait. SQLite admits one writer; another that meets its lock gets SQLITE_BUSY and, with
/// <c>busy_timeout</c> set, sleeps on its thread in SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25 … 100 ms between
/// tries. Under load that schedule, not the writes, made the slowest refreshes: a collided write waited for its next
/// wake-up, not for the writer before it, and the sleeping threads were missing from the two-core thread pool
/// (docs/performance.md, row 8). Waiting here, a writer goes in as soon as the one before has committed.
/// <c>busy_timeout</c> stays for writers outside the turns: another process (the <c>sqlite3</c> shell) or a second
/// data source on the same file.
/// </summary>
public sealed class WriteTurns : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for this writer's turn; disposing the turn lets the next writer in.</summary>
    public async ValueTask<Turn> Take(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    public void Dispose() => gate.Dispose();

    /// <summary>One writer's turn: ends when disposed.</summary>
    public readonly struct Turn(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
