using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace OroOrleans.Silo.Hosting;

/// <summary>Kestrel's <c>Server: Kestrel</c> tells a scanner what it talks to and a client nothing: left out on every listener.</summary>
public static class ServerHeader
{
    public static IServiceCollection WithoutServerHeader(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
}
