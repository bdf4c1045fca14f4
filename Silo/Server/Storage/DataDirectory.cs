using OroOrleans.Silo.Hosting;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The standalone data directory (§6, §9.1): it holds the database and the key-encryption key, so it is created
/// for its owner only (0700). A directory the operator created is left as it is; <see cref="OpenToOthers"/> says
/// when group or others may read it, for a warning at start.
/// </summary>
public sealed record DataDirectory(string Path, bool OpenToOthers)
{
    /// <summary>The key that names the directory, in the one line a start that cannot use it fails with (§9.3).</summary>
    public const string Key = $"{StandaloneOptions.Section}:{nameof(StandaloneOptions.DataDirectory)}";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode ReadableByOthers = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Creates the directory if it is missing and checks that a file can be written in it, so that a directory that
    /// cannot be used stops the start with <see cref="Key"/> named, not with the database's first write.
    /// </summary>
    public static DataDirectory Prepare(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var data = Create(full);
        try
        {
            using var probe = File.Create(System.IO.Path.Combine(full, $".write-probe-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupConfigurationException($"{Key}: '{full}' is not writable: {e.Message}", e);
        }

        return data;
    }

    private static DataDirectory Create(string full)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(full);
                return new DataDirectory(full, false);
            }

            if (!Directory.Exists(full))
            {
                Directory.CreateDirectory(full, OwnerOnly);
                return new DataDirectory(full, false);
            }

            return new DataDirectory(full, (File.GetUnixFileMode(full) & ReadableByOthers) != 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupConfigurationException($"{Key}: '{full}' cannot be created: {e.Message}", e);
        }
    }
}
