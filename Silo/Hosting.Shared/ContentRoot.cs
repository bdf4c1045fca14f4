using Microsoft.AspNetCore.Builder;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Where a program finds its <c>appsettings.json</c> (§9.3): beside its own assembly, wherever it is started from.
/// ASP.NET Core's default is the working directory, so <c>dotnet run --project Silo</c> from the repository root, or
/// a published program started from elsewhere, read no <c>appsettings.json</c> at all and ran on defaults. An explicit
/// <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still wins. Relative paths in settings
/// (<c>Standalone:DataDirectory</c>, <c>Bootstrap:SeedFile</c>) stay relative to the working directory.
/// </summary>
public static class ContentRoot
{
    public static WebApplicationOptions Beside(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            ? null
            : AppContext.BaseDirectory,
    };
}
