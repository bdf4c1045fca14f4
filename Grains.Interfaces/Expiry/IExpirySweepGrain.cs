namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Deletes the stored state that has outlived its purpose (§2.7): visitors' shopping lists past
/// <c>Storefront:VisitorListLifetime</c> since their last change, and refresh families whose every token has expired.
/// One activation in the cluster (key 0); every silo's timer asks it, and it sweeps at most once per
/// <c>Expiry:SweepInterval</c>, in batches, through the storage's own table.
/// </summary>
[Alias("IExpirySweepGrain")]
public interface IExpirySweepGrain : IGrainWithIntegerKey
{
    /// <summary>Sweeps now, unless a sweep ran less than half an interval ago and <paramref name="force"/> is false.</summary>
    /// <returns>The rows deleted, or null when the sweep was skipped (too soon, or no sweepable storage).</returns>
    [Alias("Sweep")]
    Task<ExpirySweepResult?> Sweep(bool force);
}
