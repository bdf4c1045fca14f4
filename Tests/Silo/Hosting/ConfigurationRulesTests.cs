using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains.Tokens;
using OroOrleans.Silo.Hosting;
using OroOrleans.WebFront.Abuse;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>§9.3: the rules behind the one-line start-up failures, as a table (the processes are in <see cref="ConfigurationFailureTests"/>).</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ConfigurationRulesTests
{
    [Theory]
    [InlineData("https://auth.example.com", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("https://example.com/tenant", true)]
    [InlineData("not-a-url", false)]
    [InlineData("localhost:5080", false)]
    [InlineData("ftp://auth.example.com", false)]
    [InlineData("https://auth.example.com/?x=1", false)]
    [InlineData("https://auth.example.com#top", false)]
    [InlineData("https://user@auth.example.com", false)]
    [InlineData("/relative", false)]
    [InlineData("https://auth.example.com/", false)]
    public void Issuer_IsAnAbsoluteHttpUrl(string value, bool valid) => Assert.Equal(valid, IssuerUrlAttribute.IsIssuer(value));

    [Theory]
    [InlineData("https://shop.example.com", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("https://shop.example.com/", true)]
    [InlineData("*", true)]
    [InlineData("shop.example.com", false)]
    [InlineData("https://shop.example.com/cart", false)]
    [InlineData("https://shop.example.com?x", false)]
    [InlineData("file:///tmp", false)]
    [InlineData("", false)]
    public void CorsOrigin_IsSchemeHostAndPort(string value, bool valid) => Assert.Equal(valid, OriginListAttribute.IsOrigin(value));

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://+:8080", true)]
    [InlineData("https://[::]:443", true)]
    [InlineData("http://localhost", true)]
    [InlineData("http://127.0.0.1:abc", false)]
    [InlineData("ftp://127.0.0.1:21", false)]
    [InlineData("http://127.0.0.1:5080/base", false)]
    [InlineData("127.0.0.1:5080", false)]
    public void ServerUrl_IsWhatKestrelBindsAsWritten(string value, bool valid) => Assert.Equal(valid, ServerUrls.IsServerUrl(value));

    [Fact]
    public void TheStandaloneSiloPort_IsNeverOneOfTheHttpPorts()
    {
        // A test's HTTP port is one the system just handed out and took back, so the silo's "any free port", picked
        // before Kestrel binds, could be that very port (a CI run failed on it: Kestrel "address already in use").
        Assert.Equal([5080, 5443, 80], ServerUrls.Ports("http://127.0.0.1:5080; https://*:5443;http://localhost"));
        for (var i = 0; i < 200; i++)
        {
            var http = FreePort.Pick(0);
            Assert.NotEqual(http, FreePort.Pick(0, [http]));
        }

        Assert.Equal(11111, FreePort.Pick(11111, [11111])); // a configured port is the operator's to choose
    }

    [Theory]
    [InlineData(30, 5, true)]
    [InlineData(15, 5, true)]
    [InlineData(0, 5, true)]
    [InlineData(14, 5, false)]
    [InlineData(10, 5, false)]
    [InlineData(60, 20, true)]
    [InlineData(30, 20, false)]
    public void RefreshRetryWindow_OutlastsTheFrontEndsResends(int windowSeconds, int responseTimeoutSeconds, bool valid)
    {
        var problem = OrleansHosting.RetryWindowProblem(TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(responseTimeoutSeconds));
        Assert.Equal(valid, problem is null);
        if (problem is not null)
        {
            Assert.StartsWith("Tokens:RefreshRetryWindow: ", problem, StringComparison.Ordinal);
            Assert.Contains("Orleans:ResponseTimeout", problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, 10, 300, null)]
    [InlineData(false, 3600, 0, null)]
    [InlineData(true, 3600, 300, null)]
    [InlineData(true, 10, 300, "Guest:Reserve:MaxAge: ")]
    [InlineData(true, 300, 300, "Guest:Reserve:MaxAge: ")]
    [InlineData(true, 3600, 0, "Guest:Reserve:MaxAge: ")]
    public void GuestReserveMaxAge_IsCheckedAgainstTheLifetime_OnlyWhenTheReserveIsOn(bool enabled, int lifetimeSeconds, int maxAgeSeconds, string? failure)
    {
        // Tokens:AccessTokenLifetime=00:00:10 (its documented minimum) stopped the start although the reserve was off.
        var tokens = Microsoft.Extensions.Options.Options.Create(new TokenOptions { AccessTokenLifetime = TimeSpan.FromSeconds(lifetimeSeconds) });
        var options = new GuestReserveOptions { Enabled = enabled, MaxAge = TimeSpan.FromSeconds(maxAgeSeconds) };

        var result = new GuestReserveOptionsValidator(tokens).Validate(null, options);

        Assert.Equal(failure is null, result.Succeeded);
        if (failure is not null)
        {
            Assert.StartsWith(failure, Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, null)]
    [InlineData(0, "Clients:shop:GuestPerIpPerMinute: ")]
    [InlineData(-5, "Clients:shop:GuestPerIpPerMinute: ")]
    [InlineData(10_000_001, "Clients:shop:GuestPerIpPerMinute: ")]
    public void RateLimitClientOverride_IsCheckedLikeTheDefault_AndNamedByItsKey(int? permits, string? failure)
    {
        var options = new RateLimitOptions { Clients = { ["shop"] = new ClientRateLimitOptions { GuestPerIpPerMinute = permits } } };

        var result = new RateLimitOptionsValidator().Validate(null, options);

        Assert.Equal(failure is not null, result.Failed);
        if (failure is not null)
        {
            Assert.StartsWith(failure, Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ContentRoot_IsTheProgramsOwnFolder_UnlessGiven()
    {
        Assert.Equal(AppContext.BaseDirectory, ContentRoot.Beside([]).ContentRootPath);
        Assert.Null(ContentRoot.Beside(["--contentRoot", "/srv/oro"]).ContentRootPath);
    }

    [Theory]
    [InlineData("Failed to convert configuration value at 'Tokens:AccessTokenLifetime' to type 'System.TimeSpan'.", "Tokens:AccessTokenLifetime: cannot be read as System.TimeSpan")]
    [InlineData("Failed to convert configuration value 'xx' at 'Tokens:AccessTokenLifetime' to type 'System.TimeSpan'.", "Tokens:AccessTokenLifetime: 'xx' cannot be read as System.TimeSpan")]
    [InlineData("Something else", null)]
    public void BinderMessage_BecomesKeyAndProblem(string message, string? expected) => Assert.Equal(expected, StartupFailure.BinderFailure(message));

    [Theory]
    [InlineData("Orleans.Runtime.Silo", LogLevel.Warning)] // appsettings.json's "Orleans"
    [InlineData("Orleans.Runtime.SiloLifecycleSubject", LogLevel.Warning)]
    [InlineData("Orleans.Runtime.Silo", LogLevel.Debug, "Orleans.Runtime", "Debug")] // the longer key wins
    [InlineData("Orleans.Runtime.Silo", LogLevel.Error, "orleans.runtime", "error")] // keys and levels in any case
    [InlineData("Orleans.Runtime.Silo", LogLevel.Warning, "Orleans.Runtime.SiloControl", "Trace")] // a longer name is not a prefix
    [InlineData("Orleans.Runtime.SiloControl", LogLevel.Debug, "Orleans.*Control", "Debug")] // a wildcard, longer than "Orleans"
    [InlineData("Orleans.Runtime.Silo", LogLevel.Warning, "Orleans.*Control", "Debug")] // whose suffix does not match
    [InlineData("Orleans.Runtime.Silo", LogLevel.Information, "Orleans", "")] // an empty value is passed over: Default
    [InlineData("Other.Category", LogLevel.Information)] // Default
    public void SiloStartCategories_KeepTheLevelTheConfigurationGivesThem(string category, LogLevel expected, string? key = null, string? value = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        if (key is not null)
        {
            settings[$"Logging:LogLevel:{key}"] = value;
        }

        var levels = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Logging:LogLevel");
        Assert.Equal(expected, StartupFailure.ConfiguredLevel(levels, category));
        Assert.Equal(LogLevel.Information, StartupFailure.ConfiguredLevel(new ConfigurationBuilder().Build().GetSection("Logging:LogLevel"), category));
    }
}
