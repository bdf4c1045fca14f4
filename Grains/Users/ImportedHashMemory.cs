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
/// libsodium maps a verification's memory when it starts and unmaps it when it returns, so the permits held are the
/// memory resident. Singleton per silo.
/// </summary>
public sealed class ImportedHashMemory : IDisposable
{
    private static readonly RateLimitLease Unmetered = new FreeLease();

    private readonly ConcurrencyLimiter limiter;
    private readonly TimeProvider time;

    public ImportedHashMemory(IOptions<PasswordOptions> options, TimeProvider time)
    {
        BudgetMiB = options.Value.ImportedHashMemoryMiB;
        Wait = options.Value.ImportedHashMemoryWait;
        this.time = time;
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

        using var deadline = new CancellationTokenSource(Wait, time);
        try
        {
            return await limiter.AcquireAsync(permits, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return FreeLease.Refused;
        }
    }

    public void Dispose() => limiter.Dispose();

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
