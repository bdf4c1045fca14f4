namespace OroOrleans.Silo.Storage;

/// <summary>
/// The standalone data directory (§6, §9.1): it holds the database and the key-encryption key, so it is created
/// for its owner only (0700). A directory the operator created is left as it is; <see cref="OpenToOthers"/> says
/// when group or others may read it, for a warning at start.
/// </summary>
public sealed record DataDirectory(string Path, bool OpenToOthers)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode ReadableByOthers = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static DataDirectory Prepare(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
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
}
