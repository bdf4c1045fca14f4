namespace OroOrleans.Tests.Silo.Storage;

/// <summary>A string-keyed grain whose state goes through the "main" grain storage.</summary>
[Alias("OroOrleans.Tests.Storage.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    /// <summary>Sets and writes the state.</summary>
    [Alias("Set")]
    Task Set(string text, int number, IReadOnlyList<string> items);

    /// <summary>Returns the in-memory state of this activation.</summary>
    [Alias("Get")]
    Task<StorageProbeSnapshot> Get();

    /// <summary>Clears the stored state.</summary>
    [Alias("Clear")]
    Task Clear();

    /// <summary>Re-reads the state from storage.</summary>
    [Alias("Reload")]
    Task<StorageProbeSnapshot> Reload();

    /// <summary>Deactivates the grain after this call.</summary>
    [Alias("Deactivate")]
    Task Deactivate();

    /// <summary>
    /// Plays a second writer of the same grain state (as a duplicate activation would): it writes the
    /// state behind this activation's back, then this activation writes with its now stale ETag.
    /// </summary>
    /// <param name="otherWriterFirstEver">When true, both writers believe they make the very first write.</param>
    [Alias("WriteAfterOtherWriter")]
    Task WriteAfterOtherWriter(bool otherWriterFirstEver);

    /// <summary>Registers (or updates) a reminder named <paramref name="name"/>.</summary>
    [Alias("RegisterReminder")]
    Task RegisterReminder(string name);

    /// <summary>Unregisters the reminder named <paramref name="name"/>.</summary>
    [Alias("UnregisterReminder")]
    Task UnregisterReminder(string name);
}
