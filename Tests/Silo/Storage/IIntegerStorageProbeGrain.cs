namespace OroOrleans.Tests.Silo.Storage;

/// <summary>An integer-keyed probe: its grain id has no key extension, so storage gets a NULL one.</summary>
[Alias("OroOrleans.Tests.Storage.IIntegerStorageProbeGrain")]
public interface IIntegerStorageProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Sets and writes the state.</summary>
    [Alias("Set")]
    Task Set(string text, int number);

    /// <summary>Returns the in-memory state of this activation.</summary>
    [Alias("Get")]
    Task<StorageProbeSnapshot> Get();

    /// <summary>Deactivates the grain after this call.</summary>
    [Alias("Deactivate")]
    Task Deactivate();
}
