namespace OroOrleans.Silo.Storage;

/// <summary>
/// <c>dotnet run --project Silo -- migrate --connection "Host=…;Database=…;Username=…;Password=…"</c>:
/// applies the PostgreSQL schema and exits. The connection string may instead come from the
/// environment variable <c>OROORLEANS_PG</c>. <c>--help</c> prints the usage (exit code 0).
/// </summary>
internal static class MigrateCommand
{
    public const string Verb = "migrate";

    public const string Usage = "usage: migrate --connection \"<Npgsql connection string>\" (or set OROORLEANS_PG)";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string? connectionString = Environment.GetEnvironmentVariable("OROORLEANS_PG");
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            }

            if (args[i] is "--connection" or "-c" && i + 1 < args.Count)
            {
                connectionString = args[++i];
            }
            else
            {
                await Console.Error.WriteLineAsync($"migrate: unknown argument '{args[i]}'");
                return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            var applied = await PostgresSchema.ApplyAsync(connectionString);
            Console.WriteLine($"migrate: applied {string.Join(", ", applied)}");
            return 0;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"migrate: failed: {exception.Message}");
            return 1;
        }
    }
}
