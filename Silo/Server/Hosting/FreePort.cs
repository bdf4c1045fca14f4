using System.Net;
using System.Net.Sockets;

namespace OroOrleans.Silo.Hosting;

/// <summary>Finds a free loopback port, so that two standalone instances run side by side (§9.1).</summary>
public static class FreePort
{
    /// <summary>
    /// <paramref name="configured"/>, or a port free now that is none of <paramref name="taken"/>: the ports the process
    /// is about to listen on itself are still free while the silo is configured, and the system hands a port just
    /// released out again, so without this the silo took the HTTP port now and then and Kestrel then failed to bind.
    /// </summary>
    public static int Pick(int configured, IReadOnlyCollection<int>? taken = null)
    {
        if (configured != 0)
        {
            return configured;
        }

        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (taken is null || !taken.Contains(port))
            {
                return port;
            }
        }
    }
}
