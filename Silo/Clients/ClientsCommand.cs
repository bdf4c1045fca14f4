using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Clients;

/// <summary>
/// <c>OroOrleans.Silo clients create|list|show|update|rotate-secret|delete …</c>: the OAuth application operations of
/// §7.1 for operators without a token, so a production cluster needs no seed file with plaintext secrets. It
/// connects to the running cluster as a short-lived Orleans client, finding the gateways in the PostgreSQL
/// membership table named by the silo's own configuration (<c>ConnectionStrings:Orleans</c>, <c>Orleans:*</c>), and
/// calls the same grains as the administration API, so the same rules and revocations apply. A secret is printed
/// once, on stdout. Exit codes: 0 done (or <c>--help</c>), 1 refused or failed, 2 usage.
/// </summary>
internal static class ClientsCommand
{
    public const string Verb = "clients";

    public const string Usage = """
        usage: clients create --name <name> --grants <password,client_credentials> [--frontend] [--owner <user id or login name>] [--scopes <a,b>] [--inactive]
               clients list
               clients show <identifier>
               clients update <identifier> [--name <name>] [--active true|false] [--grants <…>] [--owner <…>] [--scopes <…>]
               clients rotate-secret <identifier>
               clients delete <identifier>
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (CommandLine.AsksForHelp(args))
        {
            await Console.Out.WriteLineAsync(Usage);
            return 0;
        }

        if (ClientsArguments.Parse(args) is not { } command)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var (host, exitCode) = await ClusterClientHost.StartAsync(Verb);
        if (host is null)
        {
            return exitCode;
        }

        try
        {
            return await new ClientsOperations(host.Services.GetRequiredService<IGrainFactory>(), Console.Out, Console.Error).Run(command);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
