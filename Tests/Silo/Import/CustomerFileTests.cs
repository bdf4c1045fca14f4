using System.IO.Compression;
using System.IO.Pipes;
using System.Text;
using OroOrleans.Silo.Import;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>
/// Opening an import file before anything is imported: what an operator may give by mistake (a directory, a missing
/// file, a pipe, a file that is not text) is refused in one sentence naming it, and the encodings and the compression
/// an Oro export comes in are read as they are.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class CustomerFileTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("oroorleans-customerfile-");

    [Fact]
    public void Open_Directory_SaysItIsADirectory()
    {
        var (file, problem) = CustomerFile.Open(directory.FullName);
        Assert.Null(file);
        Assert.Equal($"'{directory.FullName}' is a directory; give the export file", problem);
    }

    [Fact]
    public void Open_MissingFile_NamesIt()
    {
        var path = Path.Combine(directory.FullName, "customers.jsonl");
        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(file);
        Assert.Equal($"'{path}' does not exist", problem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_Pipe_IsReadAsItComes(bool gzip)
    {
        // Several times the bytes held for the checks (even gzipped), so most of it comes from the pipe after them.
        var random = new System.Random(11);
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $$"""{"email":"c{{i}}@example.com","password":"{{Convert.ToHexString(Bytes(random, 32))}}"}""" + "\n"));
        var content = gzip ? Gzip(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text);
        Assert.True(content.Length > 2 * CustomerFile.PipePrefixBytes, $"{content.Length} bytes");
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        var writing = Task.Run(() =>
        {
            pipe.Write(content);
            pipe.Dispose();
        });

        var (file, problem) = CustomerFile.Open(path);
        using (file)
        {
            Assert.Null(problem);
            Assert.Null(file!.Length);
            Assert.Equal(gzip, file.Compressed);
            Assert.Equal(text, await file.Text.ReadToEndAsync());
            Assert.Equal(content.Length, file.Position);
        }

        await writing;
    }

    [Fact]
    public async Task Pipe_ASilentWriter_DoesNotHoldUpAStop()
    {
        // More than the bytes held for the checks, then the writer goes quiet with its end open (a stalled ssh).
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $$"""{"email":"c{{i}}@example.com","password":"x"}""" + "\n"));
        var content = Encoding.UTF8.GetBytes(text);
        Assert.True(content.Length > CustomerFile.PipePrefixBytes);
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        var writing = Task.Run(() => pipe.Write(content));

        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(problem);
        using (file)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var buffer = new char[1 << 16];
            var read = 0L;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var reading = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                int n;
                while ((n = await file!.Text.ReadAsync(buffer, stop.Token)) > 0)
                {
                    read += n;
                }
            });
            // Without the stop reaching the pipe's read, this waits for a writer that never writes again.
            await reading.WaitAsync(TimeSpan.FromSeconds(30));
            await writing;
            Assert.Equal(text.Length, read);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Open_BinaryDataInAPipe_IsRefusedUpFront()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        var writing = Task.Run(() =>
        {
            try
            {
                pipe.Write(Random(4 << 20));
            }
            catch (IOException)
            {
                // The reader refused it and closed its end.
            }
        });

        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(file);
        Assert.StartsWith($"'{path}' is binary, not JSON Lines text: a NUL character in its first 8 KiB", problem, StringComparison.Ordinal);
        pipe.DisposeLocalCopyOfClientHandle();
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Open_EmptyPipe_IsAccepted()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        pipe.Dispose();
        var (file, problem) = CustomerFile.Open(path);
        using (file)
        {
            Assert.Null(problem);
            Assert.Null(file!.Text.ReadLine());
            Assert.Equal(0, file.Position);
        }
    }

    [Fact]
    public void StandardInput_IsNamedSo() => Assert.Equal(("standard input", "'customers.jsonl'"), (CustomerFile.Display("-"), CustomerFile.Display("customers.jsonl")));

    public static TheoryData<string, byte[]> BinaryFiles => new()
    {
        // What a wrong file starts with: a zip (an .xlsx), xz, an ELF binary, random bytes, UTF-16 without a BOM.
        { "zip", [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] },
        { "xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04] },
        { "elf", [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00] },
        { "random", Random(100_000) },
        { "utf-16 without BOM", Encoding.Unicode.GetBytes("""{"email":"ann@example.com","password":"x"}""" + "\n") },
    };

    [Theory]
    [MemberData(nameof(BinaryFiles))]
    public void Open_BinaryData_IsRefusedUpFront(string kind, byte[] content)
    {
        var path = Write(kind + ".jsonl", content);
        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(file);
        Assert.Equal($"'{path}' is binary, not JSON Lines text: a NUL character in its first 8 KiB (another compression or format, or UTF-16 without a byte order mark?); nothing was imported", problem);
    }

    [Fact]
    public void Open_GzipOfBinaryData_IsRefusedUpFront()
    {
        var path = Write("customers.tar.gz", Gzip(new byte[1024]));
        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(file);
        Assert.StartsWith($"'{path}' is binary, not JSON Lines text: a NUL character in its first 8 KiB after gzip decompression", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CorruptGzip_IsRefusedUpFront()
    {
        var path = Write("customers.jsonl.gz", [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff]);
        var (file, problem) = CustomerFile.Open(path);
        Assert.Null(file);
        Assert.StartsWith($"'{path}' is not a valid gzip file (", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_TextWithANulPastTheProbe_IsAccepted_TheLineIsRefusedLater(bool gzip)
    {
        var text = Encoding.UTF8.GetBytes(new string(' ', CustomerFile.ProbeChars) + "\n\0\n");
        var (file, problem) = CustomerFile.Open(Write("late-nul.jsonl", gzip ? Gzip(text) : text));
        using (file)
        {
            Assert.Null(problem);
            Assert.Equal(gzip, file!.Compressed);
            // The probe left the text at its start.
            Assert.Equal(new string(' ', CustomerFile.ProbeChars), file.Text.ReadLine());
        }
    }

    [Fact]
    public void Open_EmptyFile_IsAccepted()
    {
        var (file, problem) = CustomerFile.Open(Write("empty.jsonl", []));
        using (file)
        {
            Assert.Null(problem);
            Assert.Null(file!.Text.ReadLine());
        }
    }

    public void Dispose() => directory.Delete(recursive: true);

    internal static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Bytes(System.Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Random(int length) => Bytes(new System.Random(7), length);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
