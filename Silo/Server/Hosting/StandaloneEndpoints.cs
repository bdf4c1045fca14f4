namespace OroOrleans.Silo.Hosting;

/// <summary>The loopback ports the standalone silo listens on.</summary>
/// <param name="SiloPort">Silo-to-silo port.</param>
/// <param name="GatewayPort">Gateway port for client-mode front ends.</param>
public sealed record StandaloneEndpoints(int SiloPort, int GatewayPort);
