namespace OroOrleans.Grains.Expiry;

/// <summary>
/// The storage backend's part of the sweep (§2.7): deletes grain-state rows by the grain type and the modification
/// time that Orleans' ADO.NET grain storage keeps in its own table. A backend registers one with its grain storage
/// (<c>Silo/Server/Storage/</c>); a silo without one sweeps nothing, and its grains still judge their own expiry.
/// </summary>
public interface IExpiredStateStore
{
    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> rows of this service whose state name is <paramref name="stateName"/>,
    /// whose string key starts with <paramref name="keyPrefix"/> (any key when null) and that were last written before
    /// <paramref name="modifiedBefore"/>. A row written again meanwhile is kept: the condition is checked by the delete
    /// itself.
    /// </summary>
    /// <returns>The rows deleted; fewer than <paramref name="batchSize"/> means none is left.</returns>
    Task<int> DeleteModifiedBefore(string stateName, string? keyPrefix, DateTimeOffset modifiedBefore, int batchSize, CancellationToken cancellationToken);
}
