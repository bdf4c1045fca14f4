namespace OroOrleans.Grains;

/// <summary>
/// "A failed write changes nothing" (§3), in one place for every grain: a grain changes its state in memory, then
/// writes it with <see cref="WriteOrForget{T}"/>. When the write throws, the activation is dropped
/// (<c>DeactivateOnIdle</c>) before the exception goes on, so the next call, a client's retry included, meets a
/// new activation that reads the state as stored.
/// <para>
/// Why forgetting rather than restoring a copy: a write that throws may still have reached the database (a timeout,
/// a connection lost after the commit), so only storage knows the outcome; a new activation asks it, a restored copy
/// would guess. It also needs no deep copy of each state type and no change to how grains write their rules.
/// Orleans holds the calls queued behind the failed one and sends them to the new activation.
/// </para>
/// </summary>
public static class StateWrites
{
    /// <summary>Writes the state; when that throws, forgets this activation and rethrows.</summary>
    public static async Task WriteOrForget<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Clears the state; when that throws, forgets this activation and rethrows.</summary>
    public static async Task ClearOrForget<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.ClearStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
