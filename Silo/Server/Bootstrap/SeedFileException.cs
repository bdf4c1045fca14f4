using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Bootstrap;

/// <summary>A seed file that cannot be applied; the message names the entry and the field.</summary>
public sealed class SeedFileException(string message, Exception? inner = null) : StartupConfigurationException(message, inner);
