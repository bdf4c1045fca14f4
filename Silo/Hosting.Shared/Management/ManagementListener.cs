using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Management;

/// <summary>Where the management listener is, as read from <see cref="ManagementOptions"/> before the host is built.</summary>
public sealed class ManagementListener
{
    /// <summary>The silo's listener when <c>Management:Urls</c> is not set.</summary>
    public const string SiloDefault = "http://127.0.0.1:9464";

    /// <summary>A client-mode front end's listener when <c>Management:Urls</c> is not set.</summary>
    public const string FrontEndDefault = "http://127.0.0.1:9465";

    private readonly bool canHostDashboard;

    private ManagementListener(ManagementOptions options, string[] urls, bool canHostDashboard)
    {
        this.canHostDashboard = canHostDashboard;
        Options = options;
        Urls = urls;
        Ports = urls.Select(u => Parse(u)!.Port).ToHashSet();
    }

    public ManagementOptions Options { get; }

    /// <summary>The listener's URLs; empty when there is no listener apart from the public one.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The local ports the listener binds; a request that arrived on one of them is a management request.</summary>
    public IReadOnlySet<int> Ports { get; }

    public bool Enabled => Urls.Count > 0;

    /// <summary>
    /// The listener serves the Orleans Dashboard (<c>Management:Dashboard</c>, on by default): a silo's, or a
    /// standalone front end's; false for a client-mode front end, whose reader passes <c>canHostDashboard</c> false.
    /// </summary>
    public bool ServesDashboard => Enabled && Options.Dashboard && canHostDashboard;

    /// <summary>Reads and validates the section; <paramref name="defaultUrls"/> applies when <c>Management:Urls</c> is empty.</summary>
    public static ManagementListener Read(IConfiguration configuration, string? defaultUrls, bool canHostDashboard = true)
    {
        var options = ConfigurationBinding.Read(configuration, ManagementOptions.Section, new ManagementOptionsValidator());
        var value = string.IsNullOrWhiteSpace(options.Urls) ? defaultUrls : options.Urls;
        var urls = (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (Parse(url) is null)
            {
                throw new OptionsValidationException(ManagementOptions.Section, typeof(ManagementOptions),
                    [$"Management:Urls: '{url}' is not an http(s) URL with an explicit port, like http://127.0.0.1:9464"]);
            }
        }

        return new ManagementListener(options, urls, canHostDashboard);
    }

    /// <summary>A URL as Kestrel takes it (<c>http://*:9464</c> and <c>http://+:9464</c> included), with an explicit port.</summary>
    private static Uri? Parse(string url)
    {
        var normalized = url.Replace("://*:", "://any:", StringComparison.Ordinal).Replace("://+:", "://any:", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && !uri.IsDefaultPort && uri.AbsolutePath == "/" ? uri : null;
    }

    /// <summary>
    /// Adds the listener's URLs to the public ones (<c>ASPNETCORE_URLS</c> / <c>urls</c>, else ASP.NET Core's default);
    /// a silo, which has no public listener, passes <paramref name="keepPublic"/> false.
    /// </summary>
    public void Bind(WebApplicationBuilder builder, bool keepPublic)
    {
        if (!Enabled)
        {
            return;
        }

        var urls = new List<string>();
        if (keepPublic)
        {
            urls.Add(PublicUrls(builder.Configuration));
        }

        urls.AddRange(Urls);
        builder.WebHost.UseUrls(string.Join(';', urls));
        // Taken into the URLs above; left set, Kestrel would warn at every start that URLs override them.
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
    }

    /// <summary>
    /// What Kestrel would bind without us: <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>), else
    /// <c>http_ports</c>/<c>https_ports</c> (the container images set <c>ASPNETCORE_HTTP_PORTS=8080</c>), else
    /// ASP.NET Core's default.
    /// </summary>
    private static string PublicUrls(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls;
        }

        var ports = PortUrls(configuration[WebHostDefaults.HttpPortsKey], "http").Concat(PortUrls(configuration[WebHostDefaults.HttpsPortsKey], "https")).ToArray();
        return ports.Length > 0 ? string.Join(';', ports) : "http://localhost:5000";
    }

    private static IEnumerable<string> PortUrls(string? value, string scheme) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");
}
