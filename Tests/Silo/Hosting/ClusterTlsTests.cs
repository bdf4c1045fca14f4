using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §9.2 <c>Orleans:Tls:*</c> read at start: which settings stop a silo or a client with one line naming the key, and
/// which peer certificates the mutual TLS accepts (only those of the configured CA). Certificates are made in memory.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ClusterTlsTests : IDisposable
{
    private static readonly string[] BothUsages = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];
    private readonly string directory = Directory.CreateTempSubdirectory("oroorleans-tls-unit-").FullName;
    private readonly Authority ca = new("Cluster CA");
    private readonly Authority other = new("Other CA");

    [Fact]
    public void NodeOfTheConfiguredCa_IsLoaded_AndAcceptsPeersOfThatCaOnly()
    {
        var tls = ClusterTls.ForClient(Settings(Write("node", ca.Issue("node", BothUsages)), Write("ca", ca.Certificate)))!;

        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.True(tls.IsIssuedByAuthority(ca.Issue("peer", BothUsages), null, out _));
        Assert.False(tls.IsIssuedByAuthority(other.Issue("stranger", BothUsages), null, out var problem));
        Assert.Contains("PartialChain", problem, StringComparison.Ordinal);
        Assert.False(tls.IsIssuedByAuthority(ca.Issue("expired", BothUsages, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1)), null, out problem));
        Assert.Contains("NotTimeValid", problem, StringComparison.Ordinal);
        using var selfSigned = Authority.SelfSigned("impostor");
        Assert.False(tls.IsIssuedByAuthority(selfSigned, null, out _));
    }

    [Fact]
    public void Silo_WithoutTls_RunsOnLoopback_RefusesAnyOtherAddress_UnlessDisabled()
    {
        var none = Configuration([]);

        Assert.Null(ClusterTls.ForSilo(none, IPAddress.Loopback, out var disabled));
        Assert.False(disabled);
        Assert.Null(ClusterTls.ForSilo(none, IPAddress.IPv6Loopback, out _));
        var refused = Assert.Throws<StartupConfigurationException>(() => ClusterTls.ForSilo(none, IPAddress.Parse("10.1.2.3"), out _));
        Assert.Equal("Orleans:Tls:CertificateFile: a silo on 10.1.2.3 (not loopback) needs TLS: set Orleans:Tls:CertificateFile, Orleans:Tls:KeyFile and Orleans:Tls:CaFile, or Orleans:Tls:Disabled=true", refused.Message);

        Assert.Null(ClusterTls.ForSilo(Configuration(new() { ["Orleans:Tls:Disabled"] = "true" }), IPAddress.Parse("10.1.2.3"), out disabled));
        Assert.True(disabled);
        Assert.Null(ClusterTls.ForClient(none));
    }

    [Fact]
    public void IncompleteOrContradictorySettings_StopTheStart_NamingTheKey()
    {
        var node = Write("node", ca.Issue("node", BothUsages));
        var authority = Write("ca", ca.Certificate);

        Assert.StartsWith("Orleans:Tls:CaFile: required with Orleans:Tls:CertificateFile", FailureOf(new() { ["Orleans:Tls:CertificateFile"] = node.Certificate, ["Orleans:Tls:KeyFile"] = node.Key }));
        Assert.StartsWith("Orleans:Tls:CertificateFile: required with", FailureOf(new() { ["Orleans:Tls:CaFile"] = authority.Certificate }));
        Assert.StartsWith("Orleans:Tls:Disabled: true while certificate files are set", FailureOf(new()
        {
            ["Orleans:Tls:Disabled"] = "true", ["Orleans:Tls:CertificateFile"] = node.Certificate, ["Orleans:Tls:KeyFile"] = node.Key, ["Orleans:Tls:CaFile"] = authority.Certificate,
        }));
        Assert.StartsWith("Orleans:Tls:Disabled: 'maybe' cannot be read", FailureOf(new() { ["Orleans:Tls:Disabled"] = "maybe" }), StringComparison.Ordinal);
    }

    [Fact]
    public void UnusableFiles_StopTheStart_NamingTheKey()
    {
        var node = Write("node", ca.Issue("node", BothUsages));
        var authority = Write("ca", ca.Certificate);
        var stranger = Write("stranger", other.Issue("stranger", BothUsages));
        var clientOnly = Write("client-only", ca.Issue("client-only", ["1.3.6.1.5.5.7.3.2"]));

        Assert.StartsWith("Orleans:Tls:CaFile: cannot read", Failure(Settings(node, (Path.Combine(directory, "missing.pem"), ""))));
        Assert.StartsWith("Orleans:Tls:CaFile: ", Failure(Settings(node, (node.Key, ""))));
        Assert.StartsWith("Orleans:Tls:KeyFile: no usable certificate and private key", Failure(Settings((node.Certificate, stranger.Key), authority)));
        Assert.Contains("is not a valid certificate of a CA in Orleans:Tls:CaFile: PartialChain", Failure(Settings(stranger, authority)), StringComparison.Ordinal);
        Assert.StartsWith("Orleans:Tls:CertificateFile: the certificate's extended key usage must allow both serverAuth and clientAuth on a silo",
            Assert.Throws<StartupConfigurationException>(() => ClusterTls.ForSilo(Settings(clientOnly, authority), IPAddress.Loopback, out _)).Message);
        // A client only opens connections: clientAuth is enough.
        Assert.NotNull(ClusterTls.ForClient(Settings(clientOnly, authority)));
    }

    public void Dispose()
    {
        ca.Dispose();
        other.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IConfiguration Settings((string Certificate, string Key) node, (string Certificate, string Key) authority) =>
        Configuration(Values(node, authority));

    private static Dictionary<string, string?> Values((string Certificate, string Key) node, (string Certificate, string Key) authority) => new()
    {
        ["Orleans:Tls:CertificateFile"] = node.Certificate,
        ["Orleans:Tls:KeyFile"] = node.Key,
        ["Orleans:Tls:CaFile"] = authority.Certificate,
    };

    /// <summary>The one line a client start would stop with (§9.3).</summary>
    private static string FailureOf(Dictionary<string, string?> values) => Failure(Configuration(values));

    private static string Failure(IConfiguration configuration)
    {
        var e = Assert.ThrowsAny<Exception>(() => ClusterTls.ForClient(configuration));
        Assert.True(StartupFailure.IsConfigurationError(e), e.ToString());
        return e is OptionsValidationException options ? string.Join("; ", options.Failures) : e.Message;
    }

    private (string Certificate, string Key) Write(string name, X509Certificate2 certificate)
    {
        var certificatePath = Path.Combine(directory, name + ".pem");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey();
        File.WriteAllText(keyPath, key?.ExportPkcs8PrivateKeyPem() ?? "");
        return (certificatePath, keyPath);
    }

    /// <summary>A CA made in memory (EC P-256), as scripts/make-certs.sh makes one with openssl.</summary>
    private sealed class Authority : IDisposable
    {
        public Authority(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        }

        public X509Certificate2 Certificate { get; }

        public static X509Certificate2 SelfSigned(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }

        public X509Certificate2 Issue(string name, string[] usages, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
            using var issued = request.Create(Certificate, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
            return issued.CopyWithPrivateKey(key);
        }

        public void Dispose() => Certificate.Dispose();
    }
}
