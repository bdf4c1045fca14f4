using Microsoft.AspNetCore.Hosting.Server;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// Graceful stop (§8): the host stops its services in reverse order of registration, and ASP.NET Core registers
/// the web server first, so without this the Orleans client (or the co-hosted silo) stopped before Kestrel had
/// finished the requests in flight, and those answered 503. Registered last, this stops first: Kestrel stops
/// accepting and drains, then Orleans leaves the cluster. Kestrel's stop is idempotent, so the web host's own
/// stop later returns at once.
/// </summary>
public sealed class DrainRequestsFirst(IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}

/// <summary>Registers <see cref="DrainRequestsFirst"/>.</summary>
public static class GracefulStop
{
    /// <summary>Call after every other hosted service is registered, so that this one stops first.</summary>
    public static IServiceCollection AddGracefulStop(this IServiceCollection services) =>
        services.AddHostedService<DrainRequestsFirst>();
}
