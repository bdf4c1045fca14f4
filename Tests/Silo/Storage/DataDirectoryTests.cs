using System.Runtime.Versioning;
using OroOrleans.Silo.Hosting;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>§6: the standalone data directory is created 0700 and its database 0600; an operator's directory is left as it is.</summary>
[Trait("Category", TestCategories.Unit)]
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-datadir-").FullName;

    [Fact]
    public void NewDirectory_IsOwnerOnly_AndTheDatabaseAndItsLogAreOwnerReadWrite()
    {
        var path = Path.Combine(root, "new");

        var data = DataDirectory.Prepare(path);
        SqliteStore.Prepare(path);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.False(data.OpenToOthers);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        var files = Directory.GetFiles(path);
        Assert.Contains(files, f => f.EndsWith(SqliteStore.DatabaseFileName, StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void OperatorsDirectory_ReadableByOthers_IsLeftAsItIs_AndReported()
    {
        var path = Directory.CreateDirectory(Path.Combine(root, "operator")).FullName;
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);

        var data = DataDirectory.Prepare(path);

        Assert.True(data.OpenToOthers);
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void UnderAFile_CannotBeCreated_AndTheErrorNamesTheKey()
    {
        var file = Path.Combine(root, "file");
        File.WriteAllText(file, "");

        var error = Assert.Throws<StartupConfigurationException>(() => DataDirectory.Prepare(Path.Combine(file, "data")));

        Assert.StartsWith($"Standalone:DataDirectory: '{file}/data' cannot be created: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingButReadOnly_IsRefused_AndTheErrorNamesTheKey()
    {
        // sysfs refuses new files to every user, root included (a directory of mode 0500 would not stop root).
        var error = Assert.Throws<StartupConfigurationException>(() => DataDirectory.Prepare("/sys"));

        Assert.StartsWith("Standalone:DataDirectory: '/sys' is not writable: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writable_LeavesNoProbeBehind()
    {
        DataDirectory.Prepare(root);

        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
