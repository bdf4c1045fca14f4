namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// A real cluster silo process (§9.2: <c>dotnet OroOrleans.Silo.dll</c>) on free loopback ports, joined to a
/// cluster through the PostgreSQL membership table. Extra settings go in as environment variables.
/// </summary>
public sealed class SiloProcess : ServerProcess
{
    /// <summary>What the silo logs once it has joined the cluster (Silo/Hosting/SiloReadyBanner.cs).</summary>
    public const string ReadyLine = "OroOrleans silo ready on";

    public SiloProcess(string name, IDictionary<string, string?> settings)
        : base(settings)
    {
        Name = name;
        SiloPort = ChildProcess.FreePort();
        GatewayPort = ChildProcess.FreePort();
        ManagementPort = ChildProcess.FreePort();
    }

    public string Name { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }

    /// <summary>The management listener's port (health, metrics): silos of one test share a machine, not a port.</summary>
    public int ManagementPort { get; }

    /// <summary>The key-encryption key of every silo of this test run (§6): silos of one cluster must share it.</summary>
    public static readonly string KeyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts the process; see <see cref="WaitUntilReady"/>.</summary>
    public void Launch()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Silo__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__AdvertisedAddress"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Keys__EncryptionKey"] = KeyEncryptionKey,
            ["Management__Urls"] = $"http://127.0.0.1:{ManagementPort}",
        };
        // Mutual TLS between the test cluster's nodes (§9.2); a test leaves it out with TestCertificates.NoTls.
        foreach (var (key, value) in TestCertificates.Environment)
        {
            environment[key] = value;
        }

        Launch(RepositoryPaths.SiloDll, environment);
    }

    /// <summary>Waits for the silo's ready line (it has joined the cluster and started its gateway).</summary>
    public async Task WaitUntilReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.Any(line => line.Contains(ReadyLine, StringComparison.Ordinal)))
            {
                return;
            }

            await ThrowIfExited($"Silo {Name}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"Silo {Name} was not ready within {timeout}:\n{Output}");
    }
}
