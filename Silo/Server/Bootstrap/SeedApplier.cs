using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>
/// Applies the seed file once the silo runs. Idempotent: a user whose login name exists, or a client whose
/// identifier exists, is left as it is. Validation happens before anything is written, so a bad file
/// stops the start and writes nothing.
/// </summary>
public sealed partial class SeedApplier(IGrainFactory grains, IOptions<BootstrapOptions> options, IHostEnvironment environment, ILogger<SeedApplier> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SeedFile))
        {
            return;
        }

        var plan = SeedFile.Load(options.Value.SeedFile);
        RefuseDemoSecrets(plan);
        var created = 0;
        foreach (var user in plan.Users)
        {
            created += await CreateUser(user) ? 1 : 0;
        }

        foreach (var customer in plan.CustomerUsers)
        {
            created += await CreateUser(customer) ? 1 : 0;
        }

        foreach (var client in plan.Clients)
        {
            var ownerId = client.Owner is null ? null : await ResolveOwner(client);
            created += await grains.Get<IClientDirectoryGrain>(IClientDirectoryGrain.Key).Register(client.Identifier, client.Spec with { OwnerUserId = ownerId }) ? 1 : 0;
        }

        LogSeeded(logger, options.Value.SeedFile, created);
        if (options.Value.PrintCredentials)
        {
            SeedBanner.Print(plan);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>§8: the demo seed's secrets are public; outside Development they stop the start, unless a demo says so.</summary>
    private void RefuseDemoSecrets(SeedPlan plan)
    {
        var found = DemoSecrets.FoundIn(plan);
        if (found.Count == 0 || environment.IsDevelopment())
        {
            return;
        }

        if (!options.Value.AllowDemoSecrets)
        {
            throw new SeedFileException(
                $"Bootstrap:SeedFile '{options.Value.SeedFile}' carries the demo seed's well-known secrets ({string.Join(", ", found)}) in the {environment.EnvironmentName} environment; use your own secrets, or set Bootstrap:AllowDemoSecrets=true for a demo");
        }

        LogDemoSecretsAllowed(logger, options.Value.SeedFile!, environment.EnvironmentName);
    }

    private async Task<bool> CreateUser(UserSpec spec)
    {
        var directory = grains.Get<IAccountsGrain>(spec.Application == ApplicationKind.Backoffice ? "backoffice" : "storefront");
        var result = await directory.CreateUser(spec);
        return result.Error == CreateUserError.None;
    }

    private async Task<string> ResolveOwner(SeedClientSpec client)
    {
        var key = client.Spec.Frontend ? LoginNames.StorefrontEmail(client.Owner!) : LoginNames.BackofficeUsername(client.Owner!);
        return await grains.Get<ILoginNameGrain>(key).Resolve()
            ?? throw new SeedFileException($"Bootstrap:SeedFile '{options.Value.SeedFile}': client '{client.Identifier}'.owner '{client.Owner}' names no {(client.Spec.Frontend ? "customer user" : "user")}");
    }

    [LoggerMessage(LogEvents.SeedApplierDemoSecretsAllowed, LogLevel.Warning, "Seed file {SeedFile} carries the demo seed's well-known secrets in the {Environment} environment (Bootstrap:AllowDemoSecrets=true): anyone can log in with them")]
    private static partial void LogDemoSecretsAllowed(ILogger logger, string seedFile, string environment);

    [LoggerMessage(LogEvents.SeedApplierSeeded, LogLevel.Information, "Applied seed file {SeedFile}: {Created} new records")]
    private static partial void LogSeeded(ILogger logger, string seedFile, int created);
}
