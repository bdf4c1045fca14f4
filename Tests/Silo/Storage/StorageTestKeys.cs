namespace OroOrleans.Tests.Silo.Storage;

/// <summary>Configuration keys the storage tests hand to their silo and client configurators.</summary>
internal static class StorageTestKeys
{
    public const string SqliteDirectory = "OroTests:SqliteDirectory";
    public const string PostgresConnection = "OroTests:PostgresConnection";
}
