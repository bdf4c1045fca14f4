using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OroOrleans.Grains.Users;

/// <summary>
/// The silo's budget of memory for verifying imported argon2id hashes (<c>Passwords:ImportedHashMemoryMiB</c>, §5).
/// One verification allocates its whole memory cost (up to 128 MiB) for its duration, and every account's grain
/// verifies in parallel: wrong passwords for many imported accounts at once would otherwise allocate 128 MiB each, and
/// fifty of them end the process out of memory. A <see cref="ConcurrencyLimiter"/> with one permit per MiB: a
/// verification holds ceil(cost / 1 MiB) permits while it runs; when they are not free it waits, first come first
/// served (a large cost is not passed over by small ones), for at most <c>Passwords:ImportedHashMemoryWait</c>.
/// Singleton per silo.
/// </summary>
public sealed class ImportedHashMemory : IDisposable
{
    private static readonly RateLimitLease Unmetered = new FreeLease();

    private readonly ConcurrencyLimiter limiter;
    private readonly TimeProvider time;
    private readonly Func<int> fullCollections;
    private readonly Action collect;
    private readonly Lock gate = new();

    // MiB that ended verifications returned since the last full collection: garbage still resident (see MakeRoom).
    private int uncollectedMiB;
    private int collectionsSeen;

    public ImportedHashMemory(IOptions<PasswordOptions> options, TimeProvider time)
        : this(options, time, () => GC.CollectionCount(GC.MaxGeneration), CollectGarbage)
    {
    }

    /// <summary>With the collector replaced, for tests.</summary>
    internal ImportedHashMemory(IOptions<PasswordOptions> options, TimeProvider time, Func<int> fullCollections, Action collect)
    {
        BudgetMiB = options.Value.ImportedHashMemoryMiB;
        Wait = options.Value.ImportedHashMemoryWait;
        this.time = time;
        this.fullCollections = fullCollections;
        this.collect = collect;
        collectionsSeen = fullCollections();
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = BudgetMiB,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            // No bound on the queue but time: a waiter holds no memory, waits at most Wait, and there is at most one
            // per account, since the user grain is not reentrant.
            QueueLimit = int.MaxValue,
        });
    }

    /// <summary>The budget, in MiB (permits).</summary>
    public int BudgetMiB { get; }

    /// <summary>How long a verification waits for its memory.</summary>
    public TimeSpan Wait { get; }

    /// <summary>MiB (permits) that verifying <paramref name="hash"/> holds: its argon2id memory cost rounded up; 0 for other hashes.</summary>
    public static int PermitsFor(string hash) => (ImportedPasswordHashes.Argon2MemoryKiB(hash) + 1023) / 1024;

    /// <summary>
    /// Reserves the memory to verify <paramref name="hash"/>, waiting up to <see cref="Wait"/>. Dispose the lease once
    /// the verification has ended. A lease that is not <see cref="RateLimitLease.IsAcquired"/> means the memory was
    /// not free in time: the password must not be checked, nor counted as wrong.
    /// </summary>
    public async ValueTask<RateLimitLease> Reserve(string hash)
    {
        // A hash stored before a lower import bound still gets checked, holding the whole budget.
        var permits = Math.Min(PermitsFor(hash), BudgetMiB);
        if (permits == 0)
        {
            return Unmetered;
        }

        RateLimitLease lease;
        using (var deadline = new CancellationTokenSource(Wait, time))
        {
            try
            {
                lease = await limiter.AcquireAsync(permits, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return FreeLease.Refused;
            }
        }

        if (!lease.IsAcquired)
        {
            return lease;
        }

        MakeRoom();
        return new MeteredLease(this, lease, permits);
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>
    /// Isopoh allocates a verification's memory as a managed array, which is garbage once the verification ends but
    /// stays resident until a full collection: measured on a real process, 12 verifications of 64 MiB through a budget
    /// of 256 MiB raised the peak by 531 MiB, waves of verifications piling onto the garbage of the ones before. So the
    /// memory returned since the last full collection still counts: when it and the memory held would exceed the
    /// budget, the verification about to start first collects (blocking, not compacting), and the budget bounds what is
    /// resident, not only what is referenced. Only under contention: one collection per verification at most.
    /// </summary>
    private void MakeRoom()
    {
        int seen;
        lock (gate)
        {
            Refresh();
            var held = BudgetMiB - (int)limiter.GetStatistics()!.CurrentAvailablePermits;
            if (held + uncollectedMiB <= BudgetMiB)
            {
                return;
            }

            seen = collectionsSeen;
        }

        // Verifications starting together need one collection, not one each.
        if (fullCollections() == seen)
        {
            collect();
        }
    }

    /// <summary>Counts a verification's memory as garbage before its permits go back, so the next holder sees it.</summary>
    private void Returned(int permits)
    {
        lock (gate)
        {
            Refresh();
            uncollectedMiB += permits;
        }
    }

    private void Refresh()
    {
        var collections = fullCollections();
        if (collections != collectionsSeen)
        {
            collectionsSeen = collections;
            uncollectedMiB = 0;
        }
    }

    private static void CollectGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>The limiter's lease, whose memory counts as garbage once returned.</summary>
    private sealed class MeteredLease(ImportedHashMemory owner, RateLimitLease lease, int permits) : RateLimitLease
    {
        private int disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => lease.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) => lease.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Returned(permits);
                lease.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A lease that holds nothing: granted for hashes outside the budget, refused when the wait ran out.</summary>
    private sealed class FreeLease(bool acquired = true) : RateLimitLease
    {
        public static readonly RateLimitLease Refused = new FreeLease(acquired: false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
