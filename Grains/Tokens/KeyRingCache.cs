using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// The silo's copy of the key ring, as IdentityModel keys. Refreshed every <see cref="RefreshInterval"/>: a node
/// that signs with the previous active key for that long after a rotation is harmless, because the previous
/// key stays published until its tokens expire, and the new one was published before it started signing.
/// </summary>
public sealed class KeyRingCache(IGrainFactory grains, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

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

    private async Task<SigningMaterial> Refresh(SigningMaterial? stale)
    {
        await gate.WaitAsync();
        try
        {
            if (current is not null && current != stale)
            {
                return current;
            }

            var snapshot = await grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Default).GetSnapshot();
            if (current is null || current.Version != snapshot.Version)
            {
                current = new SigningMaterial(snapshot);
            }

            fetchedAt = time.GetUtcNow();
            return current;
        }
        finally
        {
            gate.Release();
        }
    }
}
