using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == MigrateCommand.Verb)
        {
            return await MigrateCommand.RunAsync(args[1..]);
        }

        return 0;
    }
}
