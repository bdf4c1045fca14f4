using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// This silo's source of account ids: it leases ranges from the application's <see cref="IUserDirectoryGrain"/>
/// and hands them out locally, so the sequence grain is written once per lease, not once per account (§7.1).
/// A lease grows (doubling, up to <see cref="MaxLease"/>) while it is used up within a second and shrinks when it
/// lasts longer than five, so a busy import writes the sequence rarely and a quiet back office leaves few gaps.
/// Ids of creations that failed are reused; the unused tail of a lease is given back when the silo stops. Gaps
/// remain only where a silo died or two silos lease side by side; listing skips them.
/// </summary>
public sealed class UserIdAllocator(IGrainFactory grains, TimeProvider time) : ILifecycleParticipant<ISiloLifecycle>
{
    public const int MaxLease = 1024;

    private readonly Pool backoffice = new(ApplicationKind.Backoffice);
    private readonly Pool storefront = new(ApplicationKind.Storefront);

    public async Task<long> Take(ApplicationKind application)
    {
        var pool = PoolOf(application);
        await pool.Gate.WaitAsync();
        try
        {
            if (pool.Returned.TryPop(out var returned))
            {
                return returned;
            }

            if (pool.Next == pool.End)
            {
                var now = time.GetTimestamp();
                var lasted = time.GetElapsedTime(pool.LeasedAt, now);
                pool.Size = lasted < TimeSpan.FromSeconds(1) ? Math.Min(pool.Size * 2, MaxLease)
                    : lasted > TimeSpan.FromSeconds(5) ? Math.Max(pool.Size / 2, 1)
                    : pool.Size;
                var range = await Directory(application).LeaseIds(pool.Size);
                (pool.Next, pool.End, pool.LeasedAt) = (range.First, range.End, now);
            }

            return pool.Next++;
        }
        finally
        {
            pool.Gate.Release();
        }
    }

    /// <summary>An id taken for a creation that did not happen; the next creation gets it.</summary>
    public async Task Return(ApplicationKind application, long id)
    {
        var pool = PoolOf(application);
        await pool.Gate.WaitAsync();
        try
        {
            pool.Returned.Push(id);
        }
        finally
        {
            pool.Gate.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UserIdAllocator), ServiceLifecycleStage.Active, _ => Task.CompletedTask, GiveBackAll);

    private async Task GiveBackAll(CancellationToken cancellationToken)
    {
        foreach (var pool in new[] { backoffice, storefront })
        {
            await pool.Gate.WaitAsync(cancellationToken);
            try
            {
                if (pool.Next < pool.End)
                {
                    await Directory(pool.Application).GiveBack(new IdRange(pool.Next, (int)(pool.End - pool.Next)));
                    pool.End = pool.Next;
                }
            }
            finally
            {
                pool.Gate.Release();
            }
        }
    }

    private IUserDirectoryGrain Directory(ApplicationKind application) => grains.Get<IUserDirectoryGrain>(UserIds.DirectoryKey(application));

    private Pool PoolOf(ApplicationKind application) => application == ApplicationKind.Backoffice ? backoffice : storefront;

    private sealed class Pool(ApplicationKind application)
    {
        public ApplicationKind Application { get; } = application;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Stack<long> Returned { get; } = new();

        public long Next { get; set; }

        public long End { get; set; }

        public long LeasedAt { get; set; }

        public int Size { get; set; } = 1;
    }
}
