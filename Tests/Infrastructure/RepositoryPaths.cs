namespace OroOrleans.Tests.Infrastructure;

/// <summary>Finds the repository and the built WebFront, whichever configuration the tests were built in.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration folder the test assembly was built into.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string WebFrontDll => Path.Combine(Root, "WebFront", "bin", Configuration, "net10.0", "OroOrleans.WebFront.dll");

    public static string SiloDll => Path.Combine(Root, "Silo", "bin", Configuration, "net10.0", "OroOrleans.Silo.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OroOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OroOrleans.sln not found above " + AppContext.BaseDirectory);
    }
}
