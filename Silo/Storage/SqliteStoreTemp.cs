namespace OroOrleans.Silo.Hosting;

internal static class SqliteStoreTemp
{
    public static ISiloBuilder AddOroSqliteGrainStorage(this ISiloBuilder silo, string name, string dataDirectory)
    {
        _ = dataDirectory;
        return silo.AddMemoryGrainStorage(name);
    }
}
