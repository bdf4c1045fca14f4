using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// Who may tell the front end a client's address (§2.7). Section <c>Network</c>. Behind a trusted proxy the client
/// is the nearest untrusted address in <c>X-Forwarded-For</c>, read by ASP.NET Core's forwarded-headers middleware;
/// from anyone else the header is ignored, so a client cannot pick its own budget.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>The proxies trusted when <c>Network:TrustedProxies</c> is not set: loopback.</summary>
    public static readonly IReadOnlyList<string> DefaultTrustedProxies = ["127.0.0.0/8", "::1"];

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For</c> is believed: addresses or CIDR ranges. Default (the key absent): loopback
    /// only, <see cref="DefaultTrustedProxies"/>. A configured list replaces the default; an empty value (<c>[]</c> in
    /// JSON, <c>Network__TrustedProxies=</c> in the environment) trusts none, even over a list an earlier source set.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The trusted proxies as networks (a single address is its /32 or /128); null when an entry does not parse.</summary>
    public static IPNetwork? Parse(string entry) =>
        IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;
}

public sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var bad = options.TrustedProxies.Select((entry, i) => (entry, i)).FirstOrDefault(e => NetworkOptions.Parse(e.entry) is null);
        return bad.entry is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Network:TrustedProxies:{bad.i} is '{bad.entry}', not an address or a CIDR range.");
    }
}

public static class ForwardedHeadersSetup
{
    /// <summary>Binds <see cref="NetworkOptions"/> and lets only its trusted proxies set the client's address.</summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section)
            .PostConfigure<IConfiguration>((network, configuration) => network.TrustedProxies = ListSetting.Resolve(
                configuration, $"{NetworkOptions.Section}:{nameof(NetworkOptions.TrustedProxies)}", network.TrustedProxies, NetworkOptions.DefaultTrustedProxies))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            // With no known proxy and no known network the middleware believes every peer: an empty list reads no header.
            forwarded.ForwardedHeaders = network.Value.TrustedProxies.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor;
            // Walk X-Forwarded-For from the right while the hop is trusted; the first untrusted one is the client.
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in network.Value.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(NetworkOptions.Parse(entry)!.Value);
            }
        });
        return services;
    }
}
