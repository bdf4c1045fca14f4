using Microsoft.Data.Sqlite;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>Reads the standalone store's grain-state rows: <c>type/key</c> → version. Every write raises a version or adds a row.</summary>
public static class StorageRows
{
    public static Dictionary<string, long> Read(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainTypeString, GrainIdExtensionString, GrainIdN0, GrainIdN1, Version FROM OrleansStorage";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var key = $"{reader.GetString(0)}/{reader.GetString(1)}/{reader.GetInt64(2)}/{reader.GetInt64(3)}";
            rows[key] = reader.GetInt64(4);
        }

        return rows;
    }
}
