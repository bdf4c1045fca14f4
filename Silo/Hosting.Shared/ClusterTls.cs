using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Mutual TLS between the nodes of a cluster (§9.2), read from <c>Orleans:Tls:*</c> at start: this node's
/// certificate and the CAs a peer's certificate must be issued by. Both ends of every connection present a
/// certificate (silo to silo, front end to gateway, the <c>clients</c> command to a gateway) and each accepts the
/// other only when that certificate chains to one of the configured CAs, never to the system's trust store: holding
/// a certificate of the cluster's CA is what admits a node. Names are not checked (silos are reached by address).
/// </summary>
public sealed class ClusterTls
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CAs a peer's certificate must be issued by.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>
    /// The TLS of a cluster silo advertising <paramref name="address"/>, or null when it runs without: allowed on a
    /// loopback address (one machine) and with <c>Orleans:Tls:Disabled=true</c>; anything else stops the start
    /// with one line naming the key (§9.2).
    /// </summary>
    public static ClusterTls? ForSilo(IConfiguration configuration, IPAddress address, out bool disabled)
    {
        var options = Read(configuration);
        disabled = options.Disabled;
        if (options.Configured)
        {
            return Load(options, server: true);
        }

        if (!options.Disabled && !IPAddress.IsLoopback(address))
        {
            throw new StartupConfigurationException(
                $"{ClusterTlsOptions.Section}:CertificateFile: a silo on {address} (not loopback) needs TLS: set Orleans:Tls:CertificateFile, Orleans:Tls:KeyFile and Orleans:Tls:CaFile, or Orleans:Tls:Disabled=true");
        }

        return null;
    }

    /// <summary>The TLS of an Orleans client of the cluster (a client-mode front end, the <c>clients</c> command), or null when none is configured.</summary>
    public static ClusterTls? ForClient(IConfiguration configuration)
    {
        var options = Read(configuration);
        return options.Configured ? Load(options, server: false) : null;
    }

    /// <summary>Mutual authentication: present this node's certificate, require the peer's and check it against the CAs.</summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, chain, platformErrors) => IsIssuedByAuthority(certificate, chain, out _);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <see cref="Authorities"/> and is valid now. The
    /// platform's verdict (its policy errors) is ignored: it trusts the system store and checks host names.
    /// </summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate, X509Chain? presented, out string problem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        // A peer's certificate must not make this node fetch anything (its AIA addresses) during a handshake.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            // Intermediates the peer sent along; trust still has to end at a configured CA.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(certificate))
        {
            problem = string.Empty;
            return true;
        }

        problem = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        return false;
    }

    private static ClusterTlsOptions Read(IConfiguration configuration) =>
        ConfigurationBinding.Read(configuration, ClusterTlsOptions.Section, new ClusterTlsOptionsValidator());

    private static ClusterTls Load(ClusterTlsOptions options, bool server)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(options.CaFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Problem("CaFile", $"cannot read '{options.CaFile}': {e.Message}", e);
        }

        if (authorities.Count == 0)
        {
            throw Problem("CaFile", $"'{options.CaFile}' holds no PEM certificate");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile!, string.IsNullOrWhiteSpace(options.KeyFile) ? null : options.KeyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem("CertificateFile", $"cannot read '{options.CertificateFile}' or its key: {e.Message}", e);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // The certificate parsed but the key is missing or does not match it, or a file is no PEM at all.
            throw Problem(string.IsNullOrWhiteSpace(options.KeyFile) ? "CertificateFile" : "KeyFile", $"no usable certificate and private key: {e.Message}", e);
        }

        var tls = new ClusterTls(certificate, authorities);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(u => u.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToList();
        // A silo accepts connections and opens them to other silos; a client only opens them.
        string[] needed = server ? [ServerAuthentication, ClientAuthentication] : [ClientAuthentication];
        if (usages.Count > 0 && needed.Except(usages).Any())
        {
            throw Problem("CertificateFile", server
                ? "the certificate's extended key usage must allow both serverAuth and clientAuth on a silo"
                : "the certificate's extended key usage must allow clientAuth");
        }

        if (!tls.IsIssuedByAuthority(certificate, null, out var problem))
        {
            throw Problem("CertificateFile", $"the certificate (subject '{certificate.Subject}', valid {certificate.NotBefore:u} to {certificate.NotAfter:u}) is not a valid certificate of a CA in Orleans:Tls:CaFile: {problem}");
        }

        return tls;
    }

    private static StartupConfigurationException Problem(string key, string problem, Exception? inner = null) =>
        new($"{ClusterTlsOptions.Section}:{key}: {problem}", inner);
}

/// <summary>Puts <see cref="ClusterTls"/> on an Orleans client's gateway connections.</summary>
public static class ClusterTlsClientBuilderExtensions
{
    /// <summary>Mutual TLS to the gateways when <paramref name="tls"/> is set; plain TCP (a loopback cluster or a standalone gateway) when null.</summary>
    public static IClientBuilder UseOroTls(this IClientBuilder client, ClusterTls? tls) =>
        tls is null ? client : client.UseTls(tls.Configure);
}
