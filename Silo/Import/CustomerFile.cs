using System.IO.Compression;
using System.Text;

namespace OroOrleans.Silo.Import;

/// <summary>
/// An import file opened for reading, checked before anything is imported: a regular file (not a directory, a pipe or
/// a device), read through <see cref="GZipStream"/> when it starts with gzip's magic bytes (<c>1f 8b</c>), decoded as
/// UTF-8 unless a byte order mark says UTF-8 or UTF-16 (LE or BE), and refused when its first
/// <see cref="ProbeChars"/> characters hold a NUL (binary data: another compression, a spreadsheet, UTF-16 without a
/// byte order mark). A refusal is one sentence that names the file.
/// </summary>
public sealed class CustomerFile : IDisposable
{
    /// <summary>Characters of decoded text checked for NUL before the import starts.</summary>
    public const int ProbeChars = 8 * 1024;

    private readonly FileStream file;
    private readonly Stream? gzip;

    private CustomerFile(FileStream file, bool compressed)
    {
        this.file = file;
        gzip = compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : null;
        Text = new StreamReader(gzip ?? file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
    }

    /// <summary>The decoded text, from its first character.</summary>
    public TextReader Text { get; }

    /// <summary>True when the file is gzip-compressed.</summary>
    public bool Compressed => gzip is not null;

    /// <summary>Bytes of the file read so far (compressed bytes for a gzip file); read it on the reading thread.</summary>
    public long Position => file.Position;

    /// <summary>Bytes in the file (compressed bytes for a gzip file).</summary>
    public long Length => file.Length;

    /// <summary>Opens <paramref name="path"/>, or says in one sentence naming it why it cannot be imported.</summary>
    public static (CustomerFile? File, string? Problem) Open(string path)
    {
        if (Directory.Exists(path))
        {
            return (null, $"'{path}' is a directory; give the export file");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, $"'{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read '{path}': {e.Message}");
        }

        if (!stream.CanSeek)
        {
            // The progress bar needs the length and the format check reads the start twice.
            stream.Dispose();
            return (null, $"'{path}' is not a regular file (a pipe or a device); give the export file itself (a .gz file is read as it is)");
        }

        try
        {
            Span<byte> magic = stackalloc byte[2];
            var compressed = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            if (Probe(stream, compressed) is { } problem)
            {
                stream.Dispose();
                return (null, $"'{path}' {problem}; nothing was imported");
            }

            stream.Position = 0;
            return (new CustomerFile(stream, compressed), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            stream.Dispose();
            return (null, $"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Why the start of the decoded text shows the file is not JSON Lines, or null.</summary>
    private static string? Probe(FileStream stream, bool compressed)
    {
        stream.Position = 0;
        using var gzip = compressed ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : null;
        using var reader = new StreamReader(gzip ?? (Stream)stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var text = new char[ProbeChars];
        int read;
        try
        {
            read = reader.ReadBlock(text);
        }
        catch (InvalidDataException e) when (compressed)
        {
            return $"is not a valid gzip file ({e.Message})";
        }

        return text.AsSpan(0, read).Contains('\0')
            ? $"is binary, not JSON Lines text: a NUL character in its first {ProbeChars / 1024} KiB{(compressed ? " after gzip decompression" : "")} (another compression or format, or UTF-16 without a byte order mark?)"
            : null;
    }

    public void Dispose()
    {
        Text.Dispose();
        gzip?.Dispose();
        file.Dispose();
    }
}
