using OroOrleans.Grains.Tokens;
using OroOrleans.WebFront.Api;
using OroOrleans.WebFront.Auth;
using OroOrleans.WebFront.Discovery;
using OroOrleans.WebFront.Health;
using OroOrleans.Silo.Hosting;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Token;

try
{
    var builder = WebApplication.CreateBuilder(ContentRoot.Beside(args));
    builder.ReportStartFailuresOnce();
    ServerUrls.Validate(builder.Configuration[ServerUrls.Key]);
    builder.AddOroOrleans();
    builder.Services.AddOroTokenOptions();
    builder.Services.AddTokenServices();
    builder.Services.AddResourceApiServices();
    builder.Services.AddOroHealthChecks();
    builder.AddOroTelemetry();
    builder.Services.AddOroCors(builder.Configuration);
    builder.Services.AddTrustedProxies();
    builder.Services.AddGracefulStop();
    builder.Services.WithoutServerHeader();
    builder.Services.AddHeadAsGet();

    var app = builder.Build();
    app.UseForwardedHeaders();
    app.UseOroErrorHandling();
    app.UseCors();
    app.MapTokenEndpoints();
    app.MapDiscoveryEndpoints();
    app.MapBackofficeApi();
    app.MapStorefrontApi();
    app.MapOroHealthEndpoints();
    app.MapOroMetrics();
    await app.RunCheckedAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.IsConfigurationError(e))
{
    return StartupFailure.Report(e);
}

/// <summary>The front end's entry point; public so that tests can refer to the assembly.</summary>
public partial class Program;
