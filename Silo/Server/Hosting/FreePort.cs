using System.Net;
using System.Net.Sockets;

namespace OroOrleans.Silo.Hosting;

/// <summary>Finds a free loopback port, so that two standalone instances run side by side (§9.1).</summary>
public static class FreePort
{
    public static int Pick(int configured)
    {
        if (configured != 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
