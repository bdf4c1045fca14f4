namespace OroOrleans.Silo.Bootstrap;

/// <summary>
/// The secrets and passwords of the demo seed (<c>WebFront/seed.development.json</c>, printed in the README): anyone
/// knows them, so outside Development a seed that carries one stops the start (§8) unless
/// <c>Bootstrap:AllowDemoSecrets</c> says this is a demo. <c>Tests/Silo/Hosting/DemoSecretsTests</c> keeps this list
/// equal to the file.
/// </summary>
public static class DemoSecrets
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "backoffice-demo-secret-0000000001",
        "storefront-demo-secret-0000000001",
        "admin-Passw0rd!",
        "john-Passw0rd!",
        "amanda-Passw0rd!",
    };

    /// <summary>The fields of <paramref name="plan"/> that hold a demo secret, e.g. <c>clients[0].secret</c>.</summary>
    public static IReadOnlyList<string> FoundIn(SeedPlan plan) =>
    [
        .. plan.Users.Select((u, i) => (Field: $"users[{i}].password", Value: (string?)u.Password))
            .Concat(plan.CustomerUsers.Select((u, i) => (Field: $"customerUsers[{i}].password", Value: (string?)u.Password)))
            .Concat(plan.Clients.Select((c, i) => (Field: $"clients[{i}].secret", Value: c.Spec.Secret)))
            .Where(f => f.Value is not null && Known.Contains(f.Value))
            .Select(f => f.Field),
    ];
}
