using OroOrleans.Silo.Hosting;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// The CORS policy of §2.8 with ASP.NET Core's CORS middleware. An allowed origin is echoed back, never <c>*</c>
/// (even when any origin is allowed), and credentials are never allowed: tokens travel in bodies and headers the
/// page sets itself. The answer carries the headers whether the request succeeded or not.
/// </summary>
public static class CorsPolicies
{
    public const string Browser = "browser";

    public static IServiceCollection AddOroCors(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ConfigurationBinding.Read(configuration, CorsSettings.Section, new CorsSettingsValidator());
        var headers = ListSetting.Resolve(
            configuration, $"{CorsSettings.Section}:{nameof(CorsSettings.AllowHeaders)}", settings.AllowHeaders, CorsSettings.DefaultAllowHeaders);
        var anyOrigin = settings.AllowOrigins.Contains("*");
        var origins = new HashSet<string>(settings.AllowOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        services.AddCors(cors => cors.AddPolicy(Browser, policy => policy
            .SetIsOriginAllowed(origin => anyOrigin || origins.Contains(origin))
            .WithHeaders([.. headers])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithExposedHeaders("WWW-Authenticate", "Retry-After")
            .SetPreflightMaxAge(settings.PreflightMaxAge)));
        return services;
    }
}
