using System.Globalization;
using System.Runtime.Versioning;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>§9.1: a standalone instance opens no Orleans gateway unless <c>Standalone:GatewayPort</c> is set.</summary>
[Trait("Category", TestCategories.Process)]
[UnsupportedOSPlatform("windows")]
public sealed class StandaloneGatewayTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-gateway-").FullName;

    [Fact]
    public async Task Standalone_ByDefault_ListensOnHttpAndTheSiloPortOnly()
    {
        await using var server = new WebFrontProcess(Path.Combine(root, "data"), new Dictionary<string, string?>());
        await server.Start();

        var ports = ListeningPorts(server.Id!.Value);
        Console.WriteLine($"standalone pid {server.Id} listens on {string.Join(", ", ports)}");

        Assert.Contains(server.Port, ports);
        // HTTP and the silo-to-silo port (a silo port takes no client calls); a gateway would be a third.
        Assert.Equal(2, ports.Count);
        Assert.Contains("no gateway (Standalone:GatewayPort is not set)", server.Output, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The TCP ports <paramref name="pid"/> listens on: its socket inodes matched against /proc/net/tcp{,6}.</summary>
    private static HashSet<int> ListeningPorts(int pid)
    {
        var inodes = Directory.GetFiles($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target?.StartsWith("socket:[", StringComparison.Ordinal) == true)
            .Select(target => target![8..^1])
            .ToHashSet();
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            // Columns: sl local_address rem_address st ... inode (10th); st 0A is LISTEN.
            .Where(cols => cols.Length > 9 && cols[3] == "0A" && inodes.Contains(cols[9]))
            .Select(cols => int.Parse(cols[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToHashSet();
    }
}
