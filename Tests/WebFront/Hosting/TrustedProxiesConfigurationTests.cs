using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>
/// §2.7: <c>Network:TrustedProxies</c> as configured, through ASP.NET Core's forwarded-headers middleware as the
/// front end sets it up: a configured list replaces the loopback default, it does not add to it.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class TrustedProxiesConfigurationTests
{
    private const string Client = "203.0.113.7";

    [Theory]
    // Absent: loopback is trusted.
    [InlineData(null, "127.0.0.1", Client)]
    [InlineData(null, "10.0.0.5", "10.0.0.5")]
    // A list: only its proxies, loopback no longer.
    [InlineData("10.0.0.5", "10.0.0.5", Client)]
    [InlineData("10.0.0.5", "127.0.0.1", "127.0.0.1")]
    // An empty value: none.
    [InlineData("", "127.0.0.1", "127.0.0.1")]
    public async Task ClientAddress_IsForwardedOnlyByAConfiguredProxy(string? proxy, string peer, string client)
    {
        var settings = proxy switch
        {
            null => new Dictionary<string, string?>(),
            "" => new Dictionary<string, string?> { ["Network:TrustedProxies"] = "" },
            _ => new Dictionary<string, string?> { ["Network:TrustedProxies:0"] = proxy },
        };

        Assert.Equal(client, await ClientAddress(settings, peer));
    }

    [Fact]
    public async Task OneValueWithoutAnIndex_IsAListOfOne()
    {
        var settings = new Dictionary<string, string?> { ["Network:TrustedProxies"] = "10.0.0.0/8" };

        Assert.Equal(Client, await ClientAddress(settings, "10.1.2.3"));
        Assert.Equal("127.0.0.1", await ClientAddress(settings, "127.0.0.1"));
    }

    [Theory]
    // [] in a JSON file: none, not the default.
    [InlineData("[]", null, "127.0.0.1")]
    // A later source clears a list an earlier one set: the environment over appsettings.json.
    [InlineData("[\"127.0.0.1\"]", "", "127.0.0.1")]
    // Or replaces it with one value.
    [InlineData("[\"10.0.0.5\"]", "127.0.0.0/8", Client)]
    [InlineData("[\"127.0.0.1\"]", null, Client)]
    public async Task TheLastSourceThatNamesTheList_Decides(string json, string? environment, string client)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"Network\":{\"TrustedProxies\":" + json + "}}")));
        if (environment is not null)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Network:TrustedProxies"] = environment });
        }

        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration.Build()).AddTrustedProxies().BuildServiceProvider();

        Assert.Equal(client, await ClientAddress(services, "127.0.0.1"));
    }

    [Fact]
    public void BadEntry_IsNamedByTheIndexTheOperatorWrote()
    {
        using var services = Services(new Dictionary<string, string?> { ["Network:TrustedProxies:0"] = "10.0.0.5", ["Network:TrustedProxies:1"] = "bogus" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<NetworkOptions>>().Value);

        Assert.StartsWith("Network:TrustedProxies:1 is 'bogus'", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static async Task<string> ClientAddress(Dictionary<string, string?> settings, string peer)
    {
        using var services = Services(settings);
        return await ClientAddress(services, peer);
    }

    private static async Task<string> ClientAddress(ServiceProvider services, string peer)
    {
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, services.GetRequiredService<IOptions<ForwardedHeadersOptions>>());
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        context.Request.Headers["X-Forwarded-For"] = Client;
        await middleware.Invoke(context);
        return context.Connection.RemoteIpAddress.ToString();
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddTrustedProxies()
        .BuildServiceProvider();
}
