namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The silo program's own command line: its verbs, <c>--help</c>, and what is left for the silo. Without a verb the
/// arguments go to ASP.NET Core's command-line configuration, which silently ignores what it cannot read, so a
/// mistyped verb (<c>client list</c>) or <c>--help</c> used to start a production silo. Anything the configuration
/// would ignore is refused here instead, before anything starts.
/// </summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: OroOrleans.Silo [--Section:Key=value …]                run a cluster silo (settings: appsettings.json, Section__Key environment variables, these arguments)
               OroOrleans.Silo migrate --connection "<Npgsql connection string>"   apply the PostgreSQL schema, or set OROORLEANS_PG
               OroOrleans.Silo clients create|list|show|update|rotate-secret|delete …   manage the OAuth clients of a running cluster
               OroOrleans.Silo import customers <file.jsonl> [--concurrency <1-1024>]   migrate customers from Oro into a running cluster
               OroOrleans.Silo <command> --help                        the command's own usage
        exit codes: 0 done, 1 failed, 2 usage
        """;

    /// <summary>Whether the program's first argument asks for <see cref="Usage"/>.</summary>
    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "help";

    /// <summary>Whether a command's arguments ask for its usage: <c>--help</c> or <c>-h</c> anywhere among them.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <summary>
    /// The index of the first argument that the command-line configuration would not read as a setting, or -1 when every one
    /// is a setting: <c>--Key=value</c>, <c>/Key=value</c>, <c>Key=value</c>, or <c>--Key value</c> and <c>/Key
    /// value</c> (two arguments). A lone <c>--Key</c> at the end and a single-dash <c>-k</c> are ignored by it (no switch
    /// mappings are registered), and <c>-k=value</c> makes it throw, so all three are refused too.
    /// </summary>
    public static int Stray(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var prefixed = arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/');
            if (arg.StartsWith('-') && !prefixed)
            {
                return i;
            }

            if (arg.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            if (!prefixed || i + 1 == args.Count)
            {
                return i;
            }

            // The next argument is this key's value, whatever it looks like.
            i++;
        }

        return -1;
    }
}
