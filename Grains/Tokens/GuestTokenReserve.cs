using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Guest access tokens signed ahead, per storefront client (<c>Guest:Reserve</c>, off by default). A client's pool
/// starts at its first guest login; every 100 ms, while the rest of this silo's process leaves the CPU idle (it
/// used below <see cref="GuestReserveOptions.IdleBelow"/> of the cores in the last tick, the refill's own time
/// not counted), a background loop drops tokens past <see cref="GuestReserveOptions.MaxAge"/> and signs new ones
/// for up to 80 ms on every core, so an idle silo fills its reserve at its full signing rate, on threads of its own
/// (<see cref="DedicatedWorkers"/>), so the thread pool stays free for requests. The busier the rest of the process,
/// the shorter the refill (<see cref="GuestReservePacing.SliceFor"/>); a burst that brings it to
/// <see cref="GuestReserveOptions.IdleBelow"/> stops the refill (at most one tick) until it ends. Taken oldest first, so tokens are used
/// before they age out; a token is never served past its max age, or once its client's version or the signing
/// key has changed. Only guest logins without a <c>scope</c> are served from the pool. Before each refill every
/// pool's registration is read again (<see cref="Clients.ClientRegistrationCache"/>): the pool of a client deleted,
/// deactivated, no longer a storefront client or without the password grant is dropped, so the silo does not sign
/// for it forever.
/// </summary>
public sealed partial class GuestTokenReserve(
    IOptions<GuestReserveOptions> options,
    TokenFactory factory,
    KeyRingCache keyRing,
    Clients.ClientRegistrationCache clients,
    TimeProvider time,
    ILogger<GuestTokenReserve> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private static readonly Meter Meter = new(Families.FamilyMetrics.MeterName);

    private readonly ConcurrentDictionary<string, Pool> pools = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.Enabled;

    /// <summary>Tokens ready for <paramref name="clientId"/> (for tests and metrics).</summary>
    public int Count(string clientId) => pools.TryGetValue(clientId, out var pool) ? pool.Tokens.Count : 0;

    /// <summary>A reserved token for this client, fit to serve now, or null (the caller signs one itself).</summary>
    public ReservedGuestToken? TryTake(ClientRegistration client, SigningMaterial keys)
    {
        var pool = pools.GetOrAdd(client.Identifier, _ => new Pool());
        pool.Client = client;
        var now = time.GetUtcNow();
        var keyId = keys.AccessToken(now).Key.KeyId;
        while (pool.Tokens.TryDequeue(out var token))
        {
            if (Fit(token, client, keyId, now))
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>Drops what may no longer be served and signs new tokens until the pools are full or <paramref name="budget"/> is spent.</summary>
    public int Refill(SigningMaterial keys, TimeSpan budget)
    {
        var started = time.GetTimestamp();
        var minted = 0;
        var size = options.Value.Size;
        // Enumerated without the dictionary's locks (Values takes them all), which a guest login of a new client
        // would wait for.
        foreach (var (_, pool) in pools)
        {
            if (pool.Client is not { } client)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var keyId = keys.AccessToken(now).Key.KeyId;
            while (pool.Tokens.TryPeek(out var oldest) && !Fit(oldest, client, keyId, now))
            {
                // Another core, or a guest login, may have taken the peeked token first: what this takes is then a
                // younger one, which goes back (at the tail) if it may still be served.
                if (pool.TryTakeOldest(out var taken))
                {
                    pool.Return(!ReferenceEquals(taken, oldest) && Fit(taken, client, keyId, now) ? taken : null);
                }
            }

            // Every core refills at once: a token is counted as soon as it is claimed, so the pool never passes its
            // size; a claim is given back even when signing throws.
            while (time.GetElapsedTime(started) < budget && pool.ClaimSlot(size))
            {
                try
                {
                    pool.Tokens.Enqueue(factory.MintGuest(client, keys));
                }
                finally
                {
                    pool.SlotFilled();
                }

                minted++;
            }

            if (time.GetElapsedTime(started) >= budget)
            {
                return minted;
            }
        }

        return minted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        // Operators (and bench/guest-burst.sh) see the reserve fill, drain in a burst and refill.
        Meter.CreateObservableGauge("oroorleans.guest_reserve.tokens", () => pools.Values.Sum(p => p.Tokens.Count), "{token}",
            "Guest access tokens signed ahead and ready to serve (Guest:Reserve), all storefront clients together");

        var process = Process.GetCurrentProcess();
        var cores = Environment.ProcessorCount;
        using var workers = new DedicatedWorkers(cores, "reserve");
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.GetTimestamp();
        var refilling = TimeSpan.Zero;
        var unsettled = 0L;
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            process.Refresh();
            var (cpuNow, wallNow) = (process.TotalProcessorTime, Stopwatch.GetTimestamp());
            // What the process used besides the refill's own threads, as a share of the machine's cores.
            var busy = (cpuNow - cpu - refilling) / (Stopwatch.GetElapsedTime(wall, wallNow) * cores);
            (cpu, wall, refilling) = (cpuNow, wallNow, TimeSpan.Zero);
            var slice = GuestReservePacing.SliceFor(busy, options.Value.IdleBelow);
            if (slice <= TimeSpan.Zero || pools.IsEmpty)
            {
                continue;
            }

            try
            {
                var kept = await ReviewClients();
                var keys = await keyRing.Get();
                var minted = 0;
                refilling = await workers.Run(() => Interlocked.Add(ref minted, Refill(keys, slice)));
                unsettled += minted;
                var quiet = busy < options.Value.IdleBelow / 4;
                if (GuestReservePacing.ShouldSettle(minted, unsettled, (long)options.Value.Size * kept, quiet))
                {
                    refilling += Settle(unsettled);
                    unsettled = 0;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The key ring may be briefly unreachable; the next tick tries again, and logins sign meanwhile.
                LogRefillFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Reserved tokens live for minutes, but the GC first places them with the short-lived: the first collections
    /// after a fill copy them into the old generation. Left alone, that happened at the start of the next burst (a
    /// 39 ms and a 119 ms pause in its first second, <c>bench/guest-burst.sh</c>, docs/performance.md); two
    /// collections of the young generations now, while the process is idle, do it before (the second promotes what
    /// the first moved up one generation). Returns the CPU they took, which counts with the refill's, not as the rest
    /// of the process's work (the rest is stopped meanwhile).
    /// </summary>
    private TimeSpan Settle(long tokens)
    {
        var (started, cpu) = (Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        LogSettled(logger, tokens, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Environment.CpuUsage.TotalTime - cpu;
    }

    /// <summary>
    /// Brings each pool's registration up to date (a new version would otherwise be minted for only at the next
    /// guest login) and drops the pool of a client that can no longer be served a guest token. Returns the pools kept
    /// (counted here: <c>pools.Count</c> takes every lock of the dictionary, like <c>Values</c>).
    /// </summary>
    private async Task<int> ReviewClients()
    {
        var kept = 0;
        foreach (var (clientId, pool) in pools)
        {
            ClientRegistration? current;
            try
            {
                current = await clients.Get(clientId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // This client's grain is out of reach for now: its pool stays as it is, the others are refilled.
                LogClientUnreadable(logger, clientId, e.GetType().Name);
                kept++;
                continue;
            }

            if (current is not null && GuestLogin.Serves(current))
            {
                pool.Client = current;
                kept++;
            }
            else if (pools.TryRemove(clientId, out _))
            {
                LogPoolDropped(logger, clientId, pool.Tokens.Count);
            }
        }

        return kept;
    }

    private bool Fit(ReservedGuestToken token, ClientRegistration client, string? keyId, DateTimeOffset now) =>
        now - token.MintedAt <= options.Value.MaxAge && token.ClientVersion == client.Version && token.KeyId == keyId;

    [LoggerMessage(LogEvents.GuestTokenReserveRefillFailed, LogLevel.Warning, "Could not refill the guest-token reserve ({Exception}); guest logins sign their own tokens meanwhile")]
    private static partial void LogRefillFailed(ILogger logger, string exception);

    [LoggerMessage(LogEvents.GuestTokenReserveSettled, LogLevel.Debug, "Moved the guest tokens signed ahead since the last time ({Tokens}) to the GC's old generation in {Milliseconds:F1} ms, while idle")]
    private static partial void LogSettled(ILogger logger, long tokens, double milliseconds);

    [LoggerMessage(LogEvents.GuestTokenReserveClientUnreadable, LogLevel.Warning, "Could not read the registration of client {ClientId} ({Exception}); its guest-token reserve is left as it is until the next refill")]
    private static partial void LogClientUnreadable(ILogger logger, string clientId, string exception);

    [LoggerMessage(LogEvents.GuestTokenReservePoolDropped, LogLevel.Information, "Dropped the guest-token reserve of client {ClientId} ({Tokens} tokens): it is gone, inactive, not a storefront client or without the password grant")]
    private static partial void LogPoolDropped(ILogger logger, string clientId, int tokens);

    private sealed class Pool
    {
        private int minting;

        public ConcurrentQueue<ReservedGuestToken> Tokens { get; } = new();

        public ClientRegistration? Client { get; set; }

        /// <summary>Claims room for one more token, counting the ones other threads are minting; false when full.</summary>
        public bool ClaimSlot(int size)
        {
            // The claim first, then the queue: a claim filled in between is counted twice (refused, not overfilled),
            // and of two claims at once the later one always sees the earlier.
            var claimed = Interlocked.Increment(ref minting);
            if (Tokens.Count + claimed <= size)
            {
                return true;
            }

            Interlocked.Decrement(ref minting);
            return false;
        }

        /// <summary>The claimed token is in the queue, or was not made.</summary>
        public void SlotFilled() => Interlocked.Decrement(ref minting);

        /// <summary>
        /// Takes the oldest token out to look at it, its slot still counted as claimed (so no other core refills it
        /// meanwhile); <see cref="Return"/> ends the claim.
        /// </summary>
        public bool TryTakeOldest([NotNullWhen(true)] out ReservedGuestToken? token)
        {
            Interlocked.Increment(ref minting);
            if (Tokens.TryDequeue(out token))
            {
                return true;
            }

            Interlocked.Decrement(ref minting);
            return false;
        }

        /// <summary>Puts a token taken by <see cref="TryTakeOldest"/> back at the tail (null: drops it), and frees its claim.</summary>
        public void Return(ReservedGuestToken? token)
        {
            if (token is not null)
            {
                Tokens.Enqueue(token);
            }

            Interlocked.Decrement(ref minting);
        }
    }
}
