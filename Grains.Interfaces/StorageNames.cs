namespace OroOrleans.Grains.Interfaces;

/// <summary>Names of the Orleans storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>The durable grain storage (SQLite in standalone mode, PostgreSQL in a cluster).</summary>
    public const string Main = "main";
}
