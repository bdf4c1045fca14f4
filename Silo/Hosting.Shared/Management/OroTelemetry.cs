using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace OroOrleans.Silo.Management;

/// <summary>
/// OpenTelemetry for every role (§8): our meter, Orleans' and ASP.NET Core's, scraped by Prometheus at
/// <c>/metrics</c>; metrics and traces over OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the role
/// as <c>service.name</c>.
/// </summary>
public static class OroTelemetry
{
    /// <summary>The meter every OroOrleans instrument is created on.</summary>
    public const string MeterName = "OroOrleans";

    /// <summary><c>service.name</c> of a front end in client mode.</summary>
    public const string WebFrontService = "oroorleans-webfront";

    /// <summary><c>service.name</c> of a cluster silo.</summary>
    public const string SiloService = "oroorleans-silo";

    /// <summary><c>service.name</c> of a standalone front end (co-hosted silo).</summary>
    public const string StandaloneService = "oroorleans-standalone";

    /// <summary>The token endpoint's latency histogram, in seconds.</summary>
    public const string TokenDuration = "oroorleans.token.duration";

    /// <summary>
    /// Buckets of <see cref="TokenDuration"/>: 0.5 ms to 10 s. The SDK's default boundaries (0, 5, 10, 25 … 10000)
    /// are meant for milliseconds and would put every token request, in seconds, into the first bucket.
    /// </summary>
    public static readonly double[] TokenDurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Where the OTLP exporter sends to; unset, nothing is exported over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddOroTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                // "System.Runtime" is .NET's own meter: the GC heap, allocation rate, working set, thread pool queue.
                .AddMeter(MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddView(TokenDuration, new ExplicitBucketHistogramConfiguration { Boundaries = TokenDurationBuckets })
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            // A token request is one trace: ASP.NET Core's request span, the Orleans client call, the grain calls on
            // the silos (Orleans carries the context in the message, AddActivityPropagation) and their storage writes.
            telemetry.WithTracing(tracing => tracing.AddSource(
                "Microsoft.AspNetCore",
                ActivitySources.ApplicationGrainActivitySourceName,
                ActivitySources.RuntimeActivitySourceName,
                ActivitySources.StorageActivitySourceName));
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
