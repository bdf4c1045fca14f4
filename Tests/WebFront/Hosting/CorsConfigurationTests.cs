using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>§2.8: <c>Cors:AllowHeaders</c> as configured: a configured list replaces the default, it does not add to it.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class CorsConfigurationTests
{
    [Theory]
    [InlineData(null, new[] { "Content-Type", "Authorization" })]
    [InlineData("X-Custom", new[] { "X-Custom" })]
    [InlineData("", new string[0])]
    public void AllowHeaders_AreTheConfiguredList_OrTheDefaultWhenAbsent(string? header, string[] allowed)
    {
        var settings = header switch
        {
            null => new Dictionary<string, string?>(),
            "" => new Dictionary<string, string?> { ["Cors:AllowHeaders"] = "" },
            _ => new Dictionary<string, string?> { ["Cors:AllowHeaders:0"] = header },
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddOroCors(configuration).BuildServiceProvider();

        var policy = services.GetRequiredService<IOptions<CorsOptions>>().Value.GetPolicy(CorsPolicies.Browser);

        Assert.Equal(allowed, policy!.Headers);
    }
}
