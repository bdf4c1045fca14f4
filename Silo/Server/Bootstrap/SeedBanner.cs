namespace OroOrleans.Silo.Bootstrap;

/// <summary>
/// Prints the demo credentials of the Development seed file to the console (§8), where a developer who just
/// ran the service looks for them. Only when <see cref="BootstrapOptions.PrintCredentials"/> is on, which only
/// Development's settings turn on, and only the demo seed's public secrets (<see cref="DemoSecrets.Known"/>): a seed
/// file of one's own run in Development prints its client ids and login names with its secrets left out.
/// </summary>
public static class SeedBanner
{
    /// <summary>What stands in the banner for a secret or password that is not one of the demo's.</summary>
    public const string Withheld = "(in the seed file)";

    public static void Print(SeedPlan plan) => Console.Out.WriteLine(string.Join(Environment.NewLine, Lines(plan)));

    public static IReadOnlyList<string> Lines(SeedPlan plan)
    {
        var lines = new List<string> { "", "Demo credentials (Development seed file):" };
        lines.AddRange(plan.Clients.Select(c =>
            $"  {(c.Spec.Frontend ? "storefront" : "back-office")} client  client_id={c.Identifier}  client_secret={Shown(c.Spec.Secret)}"));
        lines.AddRange(plan.Users.Select(u => $"  back-office user   username={u.Username}  password={Shown(u.Password)}  roles={string.Join(',', u.Roles)}"));
        lines.AddRange(plan.CustomerUsers.Select(u => $"  customer user      email={u.Email}  password={Shown(u.Password)}"));
        lines.Add("");
        return lines;
    }

    private static string Shown(string? secret) => secret switch
    {
        null => "(none)",
        _ when DemoSecrets.Known.Contains(secret) => secret,
        _ => Withheld,
    };
}
