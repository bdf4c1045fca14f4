using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OroOrleans.Silo.Bootstrap;
using OroOrleans.Silo.Clients;
using OroOrleans.Silo.Hosting;
using OroOrleans.Silo.Import;
using OroOrleans.Silo.Management;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Silo;

/// <summary>
/// A cluster silo (§9.2): <c>dotnet run --project Silo</c> with <c>ConnectionStrings__Orleans</c> set, or
/// <c>dotnet run --project Silo -- migrate --connection "…"</c> to apply the PostgreSQL schema, or
/// <c>dotnet run --project Silo -- clients …</c> to manage OAuth clients of a running cluster, or
/// <c>dotnet run --project Silo -- import customers FILE.jsonl</c> to migrate customers from Oro into it;
/// <c>--help</c> lists them. Any other argument must be a setting (<see cref="CommandLine.Stray"/>): a mistyped verb
/// exits 2 instead of starting a silo.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && CommandLine.IsHelp(args[0]))
        {
            await Console.Out.WriteLineAsync(CommandLine.Usage);
            return 0;
        }

        if (args.Length > 0 && args[0] == MigrateCommand.Verb)
        {
            return await MigrateCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == ClientsCommand.Verb)
        {
            return await ClientsCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == ImportCommand.Verb)
        {
            return await ImportCommand.RunAsync(args[1..]);
        }

        if (CommandLine.Stray(args) is var stray and >= 0)
        {
            await Console.Error.WriteLineAsync(stray == 0
                ? $"OroOrleans: unknown command '{args[0]}'; see --help"
                : $"OroOrleans: unknown argument '{args[stray]}' (settings are --Section:Key=value); see --help");
            return 2;
        }

        try
        {
            var builder = WebApplication.CreateBuilder(ContentRoot.Beside(args));
            builder.ReportStartFailuresOnce();
            var management = builder.AddOroSiloManagement();
            builder.UseOrleans(silo => silo.UseOroCluster(builder.Configuration).AddOroManagement(management.Options.Dashboard));
            builder.Services.AddOptions<SiloEndpointOptions>().BindConfiguration(SiloEndpointOptions.Section);
            builder.Services.AddOroSeeding();
            builder.Services.AddHostedService<SiloReadyBanner>();
            builder.Services.WithoutServerHeader();
            var app = builder.Build();
            app.MapOroSiloManagement(management);
            await app.RunCheckedAsync();
            return 0;
        }
        catch (Exception e) when (StartupFailure.IsConfigurationError(e))
        {
            return StartupFailure.Report(e);
        }
    }
}
