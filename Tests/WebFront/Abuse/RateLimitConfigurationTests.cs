
namespace OroOrleans.Tests.WebFront.Abuse;

/// <summary>§9.3: a bad rate-limit setting stops the start with a message naming the key.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class RateLimitConfigurationTests
{
    [Theory]
    [InlineData("RateLimits__GuestPerIpPerMinute", "0", "RateLimits:GuestPerIpPerMinute")]
    [InlineData("RateLimits__PasswordPerIpPerMinute", "-5", "RateLimits:PasswordPerIpPerMinute")]
    [InlineData("RateLimits__Enabled", "sometimes", "RateLimits:Enabled")]
    public async Task BadValue_StopsTheStart_NamingTheKey(string key, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("oroorleans-rlcfg-").FullName;
        try
        {
            await using var server = new WebFrontProcess(Path.Combine(directory, "data"), new Dictionary<string, string?> { [key] = value });
            server.Launch();
            var exit = await server.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, exit);
            Assert.Contains(named, server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
