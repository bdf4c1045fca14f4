namespace OroOrleans.Silo.Clients;

/// <summary>A parsed <c>clients</c> command line: the action, the identifier it names, and its options.</summary>
/// <param name="Action">create, list, show, update, rotate-secret or delete.</param>
/// <param name="Identifier">The client identifier, for every action but create and list.</param>
/// <param name="Options">Option name (without <c>--</c>) to value; flags have the value <c>true</c>.</param>
internal sealed record ClientsArguments(string Action, string? Identifier, IReadOnlyDictionary<string, string> Options)
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["create"] = ["name", "grants", "frontend", "owner", "scopes", "inactive"],
        ["list"] = [],
        ["show"] = [],
        ["update"] = ["name", "active", "grants", "owner", "scopes"],
        ["rotate-secret"] = [],
        ["delete"] = [],
    };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "frontend", "inactive" };

    public string? Option(string name) => Options.GetValueOrDefault(name);

    /// <summary>The comma-separated list of an option, or null when absent.</summary>
    public IReadOnlyList<string>? List(string name) =>
        Option(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The parsed command, or null when it is not one (the caller prints the usage).</summary>
    public static ClientsArguments? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Allowed.TryGetValue(args[0], out var allowed))
        {
            return null;
        }

        var action = args[0];
        var takesIdentifier = action is not ("create" or "list");
        string? identifier = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!takesIdentifier || identifier is not null)
                {
                    return null;
                }

                identifier = arg;
                continue;
            }

            var name = arg[2..];
            if (!allowed.Contains(name) || options.ContainsKey(name))
            {
                return null;
            }

            if (Flags.Contains(name))
            {
                options[name] = "true";
            }
            else if (i + 1 < args.Count)
            {
                options[name] = args[++i];
            }
            else
            {
                return null;
            }
        }

        if (takesIdentifier != (identifier is not null) || (action == "create" && !(options.ContainsKey("name") && options.ContainsKey("grants"))))
        {
            return null;
        }

        if (options.TryGetValue("active", out var active) && active is not ("true" or "false"))
        {
            return null;
        }

        return new ClientsArguments(action, identifier, options);
    }
}
