using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// The silo's copy of the key ring, as IdentityModel keys. It reads the key ring grain's stored state itself
/// (through the silo's grain storage, opened with the silo's <see cref="KeyProtector"/>) rather than asking the grain
/// for it: any Orleans client can call any grain method, so no grain method may return private key material (§6).
/// The grain is called only to generate the first ring. Read again every <see cref="RefreshInterval"/>: a node that
/// signs with the previous active key for that long after a rotation is harmless, because the previous key stays
/// published until its tokens expire, and the new one was published before it started signing.
/// </summary>
public sealed class KeyRingCache(
    [FromKeyedServices(StorageNames.Main)] IGrainStorage storage,
    IGrainFactory grains,
    KeyProtector protector,
    IOptions<TokenOptions> tokens,
    TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>The key ring grain's id and state name, as its <c>[GrainType]</c> and <c>[PersistentState]</c> give them.</summary>
    private static readonly GrainId RingId = GrainId.Create("key-ring", IKeyRingGrain.Default);
    private const string StateName = "key-ring";

    private readonly SemaphoreSlim gate = new(1, 1);
    private SigningMaterial? current;
    private DateTimeOffset fetchedAt;

    public async ValueTask<SigningMaterial> Get()
    {
        var material = current;
        if (material is not null && time.GetUtcNow() - fetchedAt < RefreshInterval)
        {
            return material;
        }

        return await Refresh(material);
    }

    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Opens the stored ring with this silo's key-encryption key, without asking any grain (so it can run before the
    /// silo joins the cluster); nothing to open before the first ring is written. Throws
    /// <see cref="KeyEncryptionKeyMismatchException"/> when the key does not open it.
    /// </summary>
    public async Task CheckStoredRingOpens()
    {
        var stored = await ReadStored();
        if (stored.Version != 0)
        {
            protector.Open(stored);
        }
    }

    /// <summary>Drops the cached ring so that the next call reads it again (after a rotation or a key revocation on this silo).</summary>
    public void Invalidate() => fetchedAt = DateTimeOffset.MinValue;

    private async Task<SigningMaterial> Refresh(SigningMaterial? stale)
    {
        await gate.WaitAsync();
        try
        {
            if (current is not null && current != stale)
            {
                return current;
            }

            var stored = await ReadStored();
            if (stored.Version == 0)
            {
                // No ring yet: the grain generates and stores it (one activation decides, so every silo gets the same).
                await grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).GetPublicKeys();
                stored = await ReadStored();
            }

            if (current is null || current.Version != stored.Version)
            {
                current = new SigningMaterial(protector.Open(stored), tokens.Value.RefreshTokenLifetime);
            }

            fetchedAt = time.GetUtcNow();
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<KeyRingState> ReadStored()
    {
        var state = new GrainState<KeyRingState>(new KeyRingState());
        await storage.ReadStateAsync(StateName, RingId, state);
        return state.State ?? new KeyRingState();
    }
}
