using System.Globalization;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Silo.Clients;

/// <summary>
/// What each <c>clients</c> action does, against any grain factory (the command's short-lived cluster client).
/// Output is plain lines, one fact per line, for people and for scripts.
/// </summary>
internal sealed class ClientsOperations(IGrainFactory grains, TextWriter output, TextWriter error)
{
    private IClientDirectoryGrain Directory => grains.Get<IClientDirectoryGrain>(IClientDirectoryGrain.Key);

    public async Task<int> Run(ClientsArguments command)
    {
        switch (command.Action)
        {
            case "create":
                var frontend = command.Option("frontend") is not null;
                var owner = await ResolveOwner(command.Option("owner"), frontend);
                var spec = new ClientSpec(command.Option("name")!, null, command.List("grants")!, frontend, owner,
                    command.Option("inactive") is null, command.List("scopes") ?? []);
                return WithSecret(await Directory.Create(spec));

            case "list":
                var ids = await Directory.ListIds();
                foreach (var listed in (await Task.WhenAll(ids.Select(id => grains.Get<IClientGrain>(id).Get()))).OfType<ClientSummary>())
                {
                    await output.WriteLineAsync(string.Join('\t', listed.Identifier, listed.Active ? "active" : "inactive",
                        listed.Frontend ? "storefront" : "backoffice", string.Join(',', listed.Grants), listed.Name));
                }

                return 0;

            case "show":
                return Show(await grains.Get<IClientGrain>(command.Identifier!).Get(), command.Identifier!);

            case "update":
                var client = grains.Get<IClientGrain>(command.Identifier!);
                var current = await client.Get();
                if (current is null)
                {
                    return Show(null, command.Identifier!);
                }

                var active = command.Option("active") is { } value ? value == "true" : (bool?)null;
                var newOwner = await ResolveOwner(command.Option("owner"), current.Frontend);
                var changed = await client.Update(new ClientChange(command.Option("name"), active, command.List("grants"), newOwner, command.List("scopes")));
                return changed.Problem is { } problem ? Refused(problem) : Show(changed.Client, command.Identifier!);

            case "rotate-secret":
                return WithSecret(await grains.Get<IClientGrain>(command.Identifier!).RotateSecret(), command.Identifier);

            case "delete":
                var deleted = await Directory.Delete(command.Identifier!);
                if (deleted.Revocation is null)
                {
                    return Show(null, command.Identifier!);
                }

                await output.WriteLineAsync($"deleted {command.Identifier}; every token it issued is revoked");
                return 0;

            default:
                return 2;
        }
    }

    /// <summary>A user id as given, or the id of the login name (a back-office username, or a customer's email on a storefront client).</summary>
    private async Task<string?> ResolveOwner(string? owner, bool frontend)
    {
        if (owner is null || owner.All(char.IsAsciiDigit))
        {
            return owner;
        }

        var key = frontend ? LoginNames.StorefrontEmail(owner) : LoginNames.BackofficeUsername(owner);
        // An unknown name stays as given, and the client's grain refuses it naming the owner.
        return await grains.Get<ILoginNameGrain>(key).Resolve() ?? owner;
    }

    private int WithSecret(ClientSecretIssued issued, string? identifier = null)
    {
        if (issued.Problem is { } problem)
        {
            return Refused(problem);
        }

        if (issued.Client is not { } client)
        {
            return Show(null, identifier ?? "");
        }

        Show(client, client.Identifier);
        output.WriteLine($"secret: {issued.Secret}");
        error.WriteLine("clients: the secret is shown this once; only its digest is stored.");
        return 0;
    }

    private int Show(ClientSummary? client, string identifier)
    {
        if (client is null)
        {
            error.WriteLine($"clients: no client '{identifier}'");
            return 1;
        }

        output.WriteLine($"identifier: {client.Identifier}");
        output.WriteLine($"name: {client.Name}");
        output.WriteLine($"application: {(client.Frontend ? "storefront" : "backoffice")}");
        output.WriteLine($"grants: {string.Join(',', client.Grants)}");
        output.WriteLine($"owner: {client.OwnerUserId ?? "-"}");
        output.WriteLine($"allowedScopes: {string.Join(',', client.AllowedScopes ?? [])}");
        output.WriteLine($"active: {(client.Active ? "true" : "false")}");
        output.WriteLine($"issued: {string.Join(',', (client.IssuedByGrant ?? new Dictionary<string, long>()).Select(i => $"{i.Key}={i.Value}"))}");
        output.WriteLine($"lastUsedAt: {client.LastUsedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "-"}");
        return 0;
    }

    private int Refused(ClientProblem problem)
    {
        error.WriteLine($"clients: {problem.Member}: {problem.Detail}");
        return 1;
    }
}
