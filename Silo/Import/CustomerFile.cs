using System.IO.Compression;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OroOrleans.Silo.Import;

/// <summary>
/// An import file opened for reading, checked before anything is imported: not a directory, read through
/// <see cref="GZipStream"/> when it starts with gzip's magic bytes (<c>1f 8b</c>), decoded as UTF-8 unless a byte order
/// mark says UTF-8 or UTF-16 (LE or BE), and refused when its first <see cref="ProbeChars"/> characters hold a NUL
/// (binary data: another compression, a spreadsheet, UTF-16 without a byte order mark). A pipe (a FIFO, <c>-</c> for
/// standard input, a shell's <c>&lt;(xz -dc dump.jsonl.xz)</c>) is read as it comes: its first
/// <see cref="PipePrefixBytes"/> bytes are held for the checks and then read again, and it has no length. Opening a
/// FIFO waits for its writer, as any reader of one does. A refusal is one sentence that names the file.
/// </summary>
public sealed class CustomerFile : IDisposable
{
    /// <summary>Characters of decoded text checked for NUL before the import starts.</summary>
    public const int ProbeChars = 8 * 1024;

    /// <summary>The bytes of a pipe held for the checks: gzip inflates them to far more than <see cref="ProbeChars"/>.</summary>
    public const int PipePrefixBytes = 256 * 1024;

    /// <summary>What an operator gives for standard input.</summary>
    public const string StandardInput = "-";

    private readonly Stream raw;
    private readonly Stream? gzip;

    private CustomerFile(Stream raw, bool compressed, string name)
    {
        this.raw = raw;
        Name = name;
        gzip = compressed ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true) : null;
        Text = new StreamReader(gzip ?? raw, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
    }

    /// <summary>The decoded text, from its first character.</summary>
    public TextReader Text { get; }

    /// <summary>True when the file is gzip-compressed.</summary>
    public bool Compressed => gzip is not null;

    /// <summary>The file as messages name it: <c>'path'</c>, or <c>standard input</c>.</summary>
    public string Name { get; }

    /// <summary>Bytes of the file read so far (compressed bytes for a gzip file); read it on the reading thread.</summary>
    public long Position => raw.Position;

    /// <summary>Bytes in the file (compressed bytes for a gzip file); null for a pipe, whose end is known when it comes.</summary>
    public long? Length => raw.CanSeek ? raw.Length : null;

    /// <summary>How messages name <paramref name="path"/>.</summary>
    public static string Display(string path) => path == StandardInput ? "standard input" : $"'{path}'";

    /// <summary>Opens <paramref name="path"/> (<c>-</c>: standard input), or says in one sentence naming it why it cannot be imported.</summary>
    public static (CustomerFile? File, string? Problem) Open(string path)
    {
        var name = Display(path);
        if (path != StandardInput && Directory.Exists(path))
        {
            return (null, $"{name} is a directory; give the export file");
        }

        if (path == StandardInput && !Console.IsInputRedirected)
        {
            return (null, "standard input is a terminal; pipe the export into the command or redirect it with <");
        }

        FileStream stream;
        try
        {
            // Standard input is descriptor 0 as given, not /dev/stdin opened again: reopening checks permissions anew (a
            // pipe made by another user, sudo -u) and fails for a socket. A file redirected with < is seekable and
            // gets a bar.
            stream = path == StandardInput
                ? new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1 << 16)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, $"{name} does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {name}: {e.Message}");
        }

        Stream raw = stream;
        try
        {
            Stream start;
            // Where the file starts: a redirected standard input may have been read part-way by the shell before.
            var origin = stream.CanSeek ? stream.Position : 0;
            if (stream.CanSeek)
            {
                start = stream;
            }
            else
            {
                var prefix = new byte[PipePrefixBytes];
                var held = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
                raw = new PipeSource(prefix.AsMemory(0, held), stream);
                start = new MemoryStream(prefix, 0, held, writable: false);
            }

            Span<byte> magic = stackalloc byte[2];
            var compressed = start.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            start.Position = origin;
            if (Probe(start, compressed) is { } problem)
            {
                raw.Dispose();
                return (null, $"{name} {problem}; nothing was imported");
            }

            start.Position = origin;

            return (new CustomerFile(raw, compressed, name), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            raw.Dispose();
            return (null, $"cannot read {name}: {e.Message}");
        }
    }

    /// <summary>Why the start of the decoded text (from the stream's position) shows the file is not JSON Lines, or null.</summary>
    private static string? Probe(Stream stream, bool compressed)
    {
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
        raw.Dispose();
    }

    /// <summary>
    /// A pipe read from its start again: the bytes held for the checks, then the rest as it comes. Its position is the
    /// bytes it has handed out.
    /// </summary>
    private sealed class PipeSource(ReadOnlyMemory<byte> held, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> held = held;
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            if (!held.IsEmpty)
            {
                read = Math.Min(buffer.Length, held.Length);
                held.Span[..read].CopyTo(buffer);
                held = held[read..];
            }
            else
            {
                read = rest.Read(buffer);
            }

            position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!held.IsEmpty)
            {
                return Read(buffer.Span);
            }

            // A read from a pipe cannot be cancelled: a stop (SIGINT, SIGTERM) while the writer is silent would wait for
            // it. The read is left behind instead; the process stops reading the pipe.
            var read = await rest.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken);
            position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
