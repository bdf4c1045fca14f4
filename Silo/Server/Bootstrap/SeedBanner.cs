namespace OroOrleans.Silo.Bootstrap;

/// <summary>
/// Prints the demo credentials of the Development seed file to the console (§8), where a developer who just
/// ran the service looks for them. Only when <see cref="BootstrapOptions.PrintCredentials"/> is on, which only
/// Development's settings turn on: production seed secrets are never printed.
/// </summary>
public static class SeedBanner
{
    public static void Print(SeedPlan plan)
    {
        var lines = new List<string> { "", "Demo credentials (Development seed file):" };
        lines.AddRange(plan.Clients.Select(c =>
            $"  {(c.Spec.Frontend ? "storefront" : "back-office")} client  client_id={c.Identifier}  client_secret={c.Spec.Secret}"));
        lines.AddRange(plan.Users.Select(u => $"  back-office user   username={u.Username}  password={u.Password}  roles={string.Join(',', u.Roles)}"));
        lines.AddRange(plan.CustomerUsers.Select(u => $"  customer user      email={u.Email}  password={u.Password}"));
        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
