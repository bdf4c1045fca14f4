namespace OroOrleans.Silo.Hosting;

/// <summary>A setting or input file that stops the start; the message names the key or entry (§9.3).</summary>
public class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
