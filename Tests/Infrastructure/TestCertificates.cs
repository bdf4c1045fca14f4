using System.Diagnostics;

namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// The cluster certificates of a test run (§9.2): made once per run by <c>scripts/make-certs.sh</c> (openssl) in a
/// temporary directory, deleted when the run ends. <see cref="Cluster"/> is the CA and node certificate every test
/// cluster uses; <see cref="Foreign"/> is another CA with a certificate of its own, which the cluster must refuse.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<string> Root = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The cluster's CA and the node certificate silos, front ends and the clients command share.</summary>
    public static Authority Cluster => new(Path.Combine(Root.Value, "cluster"));

    /// <summary>A CA the cluster does not know, and a certificate it issued.</summary>
    public static Authority Foreign => new(Path.Combine(Root.Value, "foreign"));

    /// <summary>The <c>Orleans:Tls:*</c> environment of a cluster node: mutual TLS with <see cref="Cluster"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Environment => Cluster.Environment;

    /// <summary>Settings that leave TLS out (null unsets a variable), for a silo that must run without it.</summary>
    public static IReadOnlyDictionary<string, string?> NoTls { get; } = new Dictionary<string, string?>
    {
        ["Orleans__Tls__CertificateFile"] = null,
        ["Orleans__Tls__KeyFile"] = null,
        ["Orleans__Tls__CaFile"] = null,
    };

    private static string Make()
    {
        var root = Directory.CreateTempSubdirectory("oroorleans-tls-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        foreach (var name in new[] { "cluster", "foreign" })
        {
            var info = new ProcessStartInfo("sh", [Path.Combine(RepositoryPaths.Root, "scripts", "make-certs.sh"), Path.Combine(root, name), "node"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException("sh did not start");
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/make-certs.sh exited {process.ExitCode}: {error.Result}");
            }
        }

        return root;
    }

    /// <summary>A CA's directory as make-certs.sh writes it: ca.pem, node.pem, node.key.</summary>
    public sealed record Authority(string Directory)
    {
        public string CaFile => Path.Combine(Directory, "ca.pem");
        public string CertificateFile => Path.Combine(Directory, "node.pem");
        public string KeyFile => Path.Combine(Directory, "node.key");

        public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
        {
            ["Orleans__Tls__CertificateFile"] = CertificateFile,
            ["Orleans__Tls__KeyFile"] = KeyFile,
            ["Orleans__Tls__CaFile"] = CaFile,
        };
    }
}
