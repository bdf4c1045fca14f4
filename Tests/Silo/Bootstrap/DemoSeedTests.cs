using System.Text.Json.Nodes;
using OroOrleans.Grains.Tokens;
using OroOrleans.Silo.Bootstrap;

namespace OroOrleans.Tests.Silo.Bootstrap;

/// <summary>The demo seed (<c>WebFront/seed.development.json</c>) follows the client rules of §2.2, and its secrets are the known list.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class DemoSeedTests
{
    private static readonly string DemoSeed = Path.Combine(RepositoryPaths.Root, "WebFront", "seed.development.json");

    [Fact]
    public void DemoSeed_PassesTheRules_AndNoStorefrontClientHoldsBothGrants()
    {
        var plan = SeedFile.Load(DemoSeed);
        Assert.Contains(plan.Clients, c => c.Spec.Frontend);
        Assert.All(plan.Clients.Where(c => c.Spec.Frontend), c =>
            Assert.False(c.Spec.Grants.Contains(GrantTypes.Password) && c.Spec.Grants.Contains(GrantTypes.ClientCredentials), c.Identifier));
    }

    [Fact]
    public void KnownSecrets_AreExactlyTheDemoSeedsSecretsAndPasswords()
    {
        var document = JsonNode.Parse(File.ReadAllText(DemoSeed))!;
        var inFile = new[] { "users", "customerUsers" }.SelectMany(list => document[list]!.AsArray().Select(u => (string)u!["password"]!))
            .Concat(document["clients"]!.AsArray().Select(c => (string)c!["secret"]!))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(inFile.Order(StringComparer.Ordinal), DemoSecrets.Known.Order(StringComparer.Ordinal));
        Assert.Equal(inFile.Count, DemoSecrets.FoundIn(SeedFile.Load(DemoSeed)).Count);
    }

    [Fact]
    public void Banner_PrintsTheDemoSeedsSecrets_ButNotThoseOfASeedOfOnesOwn()
    {
        var demo = string.Join('\n', SeedBanner.Lines(SeedFile.Load(DemoSeed)));
        Assert.All(DemoSecrets.Known, secret => Assert.Contains(secret, demo, StringComparison.Ordinal));
        Assert.DoesNotContain(SeedBanner.Withheld, demo, StringComparison.Ordinal);

        const string Secret = "our-own-client-secret-0000000001", Password = "our-own-Passw0rd!-1";
        var file = Path.Combine(Path.GetTempPath(), "oroorleans-seed-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, $$"""
            {"users":[{"username":"ops","email":"ops@example.com","password":"{{Password}}","roles":["administrator"]}],
             "customerUsers":[{"email":"shop@example.com","password":"{{Password}}"}],
             "clients":[{"name":"ours","identifier":"0123456789abcdef0123456789abcdef","secret":"{{Secret}}","grants":["password"],"frontend":true}]}
            """);
        try
        {
            var own = SeedBanner.Lines(SeedFile.Load(file));
            var text = string.Join('\n', own);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.Contains("client_id=0123456789abcdef0123456789abcdef  client_secret=" + SeedBanner.Withheld, text, StringComparison.Ordinal);
            Assert.Contains("username=ops  password=" + SeedBanner.Withheld, text, StringComparison.Ordinal);
            Assert.Contains("email=shop@example.com  password=" + SeedBanner.Withheld, text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("{\"clients\":[{\"name\":\"s\",\"identifier\":\"0123456789abcdef0123456789abcdef\",\"secret\":\"0123456789abcdef\",\"grants\":[\"password\",\"client_credentials\"],\"frontend\":true,\"owner\":\"a@b.c\"}]}",
        "clients[0].grants is refused: A storefront client holds either password or client_credentials, not both")]
    [InlineData("{\"clients\":[{\"name\":\"s\",\"identifier\":\"0123456789abcdef0123456789abcdef\",\"secret\":\"0123456789abcdef\",\"grants\":[\"password\"],\"allowedScopes\":[\"a b\"]}]}",
        "clients[0].allowedScopes is refused: 'a b' is not a scope token")]
    public void SeedBreakingAClientRule_IsRefusedNamingTheField(string json, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), "oroorleans-seed-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        try
        {
            var error = Assert.Throws<SeedFileException>(() => SeedFile.Load(file));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>§8: outside Development the demo seed's public secrets stop the start, in one line naming the key.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class DemoSecretsRefusalTests : IDisposable
{
    private static readonly string DemoSeed = Path.Combine(RepositoryPaths.Root, "WebFront", "seed.development.json");
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-demo-seed-").FullName;

    [Fact]
    public async Task Production_WithTheDemoSeed_RefusesToStart_AndADemoMaySayItIsOne()
    {
        await using (var refused = new WebFrontProcess(Path.Combine(root, "refused"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = DemoSeed,
            ["DOTNET_ENVIRONMENT"] = "Production",
        }))
        {
            refused.Launch();
            Assert.Equal(1, await refused.WaitForExit(TimeSpan.FromSeconds(60)));
            var lines = refused.Output.Split('\n').Where(l => l.Contains("OroOrleans cannot start", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            Assert.Contains("Bootstrap:SeedFile", line, StringComparison.Ordinal);
            Assert.Contains("demo seed's well-known secrets", line, StringComparison.Ordinal);
            Assert.Contains("clients[1].secret", line, StringComparison.Ordinal);
            Assert.DoesNotContain("storefront-demo-secret", refused.Output, StringComparison.Ordinal);
        }

        // The local cluster script, docker compose and the benchmarks run the demo in Production mode and say so.
        await using var demo = new WebFrontProcess(Path.Combine(root, "demo"), new Dictionary<string, string?>
        {
            ["Bootstrap__SeedFile"] = DemoSeed,
            ["Bootstrap__AllowDemoSecrets"] = "true",
        });
        await demo.Start();
        using var http = demo.CreateClient();
        var guest = await StorefrontCalls.GuestLogin(http, "storefront0000000000000000000001", "storefront-demo-secret-0000000001");
        Assert.NotNull(guest["access_token"]);
        Assert.Contains("Bootstrap:AllowDemoSecrets=true", demo.Output, StringComparison.Ordinal);
        var stopped = await demo.Stop();
        Assert.True(stopped < ChildProcess.StopDeadline, $"stopped in {stopped}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
