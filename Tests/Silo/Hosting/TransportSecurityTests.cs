using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Hosting;
using OroOrleans.Tests.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §9.2 transport security on a real cluster silo (PostgreSQL membership, mutual TLS from
/// <see cref="TestCertificates"/>): Orleans clients without the cluster's certificate cannot call a grain (the
/// attack of a 25-line client reading the key ring), one with it can; and a silo that would listen beyond loopback
/// without TLS does not start.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
[UnsupportedOSPlatform("windows")]
public sealed class TransportSecurityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-tls-test-").FullName;

    [SkippableFact]
    public async Task ClusterWithTls_RefusesClientsWithoutItsCertificate_AndServesOneWithIt()
    {
        var connectionString = await PostgresTestDatabase.ConnectionStringAsync(output);
        var serviceId = $"oro-tls-{Guid.NewGuid():N}";
        await using var silo = new SiloProcess("silo", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Orleans"] = connectionString,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__ClusterId"] = serviceId,
            ["Tokens__Issuer"] = "http://oroorleans.test",
        });
        silo.Launch();
        await silo.WaitUntilReady(TimeSpan.FromSeconds(90));
        Assert.Contains($"gateway {silo.GatewayPort}, mutual TLS", silo.Output, StringComparison.Ordinal);
        var gateway = new IPEndPoint(IPAddress.Loopback, silo.GatewayPort);

        // (a) The attack as found: a plain Orleans client, no TLS, no certificate.
        var plain = await Attempt("no TLS, no certificate", gateway, serviceId, _ => { });
        // (a') TLS, accepting any silo certificate, but presenting none.
        var anonymous = await Attempt("TLS without a certificate", gateway, serviceId, client => client.UseTls(options =>
        {
            options.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.NoCertificate;
            options.AllowAnyRemoteCertificate();
        }));
        // (b) TLS with a certificate of another CA (accepting any silo certificate, so only the silo's check can stop it).
        var foreign = TestCertificates.Foreign;
        var stranger = await Attempt("a certificate of another CA", gateway, serviceId, client => client.UseTls(options =>
        {
            options.LocalCertificate = X509Certificate2.CreateFromPemFile(foreign.CertificateFile, foreign.KeyFile);
            options.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
            options.AllowAnyRemoteCertificate();
        }));
        // (c) The cluster's own settings, as a front end reads them.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestCertificates.Environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value)).Build();
        var member = await Attempt("the cluster's certificate", gateway, serviceId, client => client.UseOroTls(ClusterTls.ForClient(configuration)));

        foreach (var refused in new[] { plain, anonymous, stranger })
        {
            Assert.Null(refused.Keys);
            // The silo ends the TLS handshake (or a client that speaks no TLS) before any Orleans message: the client
            // never gets a gateway connection, so no grain call leaves it.
            Assert.True(refused.Failure is Orleans.Runtime.Messaging.ConnectionFailedException, $"{refused.Name}: {refused.Failure}");
        }

        Assert.True(member.Failure is null, $"the cluster's own client failed: {member.Failure}\n{silo.Output}");
        Assert.NotEmpty(member.Keys!.Keys);
    }

    [Fact]
    public async Task SiloOnANonLoopbackAddress_WithoutTls_ExitsWithOneLineNamingTheKey()
    {
        // 192.0.2.1 (TEST-NET-1) is never bound or reached: the silo stops while reading its settings.
        await using var silo = new SiloProcess("exposed", new Dictionary<string, string?>(TestCertificates.NoTls)
        {
            ["Silo__AdvertisedAddress"] = "192.0.2.1",
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
        });
        silo.Launch();
        var exitCode = await silo.WaitForExit(TimeSpan.FromSeconds(60));
        output.WriteLine(silo.Output);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(silo.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.StartsWith("OroOrleans cannot start: Orleans:Tls:CertificateFile: a silo on 192.0.2.1 (not loopback) needs TLS", line, StringComparison.Ordinal);
        Assert.Contains("Orleans:Tls:Disabled=true", line, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Starts an Orleans client of <paramref name="gateway"/> and asks the key ring for its public keys.</summary>
    private async Task<Outcome> Attempt(string name, IPEndPoint gateway, string serviceId, Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, serviceId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            // Orleans retries a failed first connection for ever by default; one try shows why it failed.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            configure(client);
        });
        using var host = builder.Build();
        var clock = Stopwatch.StartNew();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(deadline.Token);
            var keys = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IKeyRingGrain>(IKeyRingGrain.Default).GetPublicKeys();
            output.WriteLine($"{name}: called the key ring ({keys.Keys.Count} public keys) in {clock.ElapsedMilliseconds} ms");
            return new Outcome(name, keys, null);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            output.WriteLine($"{name}: refused after {clock.ElapsedMilliseconds} ms: {e.GetType().Name}: {e.Message}");
            return new Outcome(name, null, e);
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                output.WriteLine($"{name}: stop: {e.GetType().Name}");
            }
        }
    }

    private sealed record Outcome(string Name, PublicKeySet? Keys, Exception? Failure);
}
