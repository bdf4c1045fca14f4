namespace OroOrleans.Silo.Storage;

/// <summary>
/// Finds the schema scripts under <c>db/</c>, which Silo.csproj copies next to the assembly of every
/// project that references the silo (tests and the front end included).
/// </summary>
internal static class DbScripts
{
    /// <summary>Reads a script, e.g. <c>ReadAll("sqlite", "persistence.sql")</c>.</summary>
    public static string ReadAll(params string[] pathUnderDb)
    {
        var path = Path.Combine([AppContext.BaseDirectory, "db", .. pathUnderDb]);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Schema script '{path}' is missing; Silo.csproj copies db/**/*.sql to the output directory.", path);
        }

        return File.ReadAllText(path);
    }

    /// <summary>Lists the scripts of one folder under <c>db/</c> in file-name order (their apply order).</summary>
    public static IReadOnlyList<string> List(string folder)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "db", folder);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"Schema folder '{directory}' is missing; Silo.csproj copies db/**/*.sql to the output directory.");
        }

        return [.. Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal)];
    }
}
