using Microsoft.Extensions.Options;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Transport security of a cluster (§9.2): the PEM files of mutual TLS between silos and from front ends to
/// gateways. Section <c>Orleans:Tls</c>. A node presents <see cref="CertificateFile"/> and accepts a peer only
/// when the peer's certificate is issued by a CA of <see cref="CaFile"/>.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Orleans:Tls";

    /// <summary>This node's certificate (PEM). Its key is in <see cref="KeyFile"/>, or in this file when that is unset.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The private key of <see cref="CertificateFile"/> (PEM, unencrypted PKCS#8, RSA or EC).</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// The certificate authorities (PEM, one or more) a peer's certificate must be issued by. Only these: the
    /// system's trust store is not consulted, so a certificate from a public CA does not get in.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Lets a cluster silo on a non-loopback address run without TLS (logged as a warning at start).</summary>
    public bool Disabled { get; set; }

    /// <summary>Whether TLS is asked for: a certificate or a CA file is named.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(CaFile) || !string.IsNullOrWhiteSpace(KeyFile);
}

/// <summary>The settings that belong together: a certificate needs a CA file and the other way round.</summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Disabled && options.Configured)
        {
            return ValidateOptionsResult.Fail("Disabled: true while certificate files are set; set one or the other");
        }

        if (!options.Configured)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.CertificateFile))
        {
            return ValidateOptionsResult.Fail("CertificateFile: required with Orleans:Tls:CaFile or Orleans:Tls:KeyFile (this node's PEM certificate)");
        }

        return string.IsNullOrWhiteSpace(options.CaFile)
            ? ValidateOptionsResult.Fail("CaFile: required with Orleans:Tls:CertificateFile (the PEM CA a peer's certificate must be issued by)")
            : ValidateOptionsResult.Success;
    }
}
