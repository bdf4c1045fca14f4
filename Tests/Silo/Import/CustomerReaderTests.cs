using System.Text;
using OroOrleans.Silo.Import;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>
/// Reading a customer file without a cluster: the encodings, line endings and compression of real exports give the
/// same customers; refused lines are reported as they are met, not gathered; the same email twice is reported as a
/// duplicate, the earliest valid line winning; a line without end costs a bounded buffer.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class CustomerReaderTests : IDisposable
{
    private const string Hash = "$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("oroorleans-customerreader-");
    private readonly List<(long Line, string Reason)> reports = [];

    public static TheoryData<string, bool, string> Encodings => new()
    {
        { "utf-8", false, "\n" },
        { "utf-8", false, "\r\n" },
        { "utf-8 bom", false, "\r\n" },
        { "utf-16le bom", false, "\n" },
        { "utf-16le bom", false, "\r\n" },
        { "utf-16be bom", false, "\r\n" },
        { "utf-8", true, "\n" },
        { "utf-8 bom", true, "\r\n" },
        { "utf-16le bom", true, "\r\n" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Read_EncodingsLineEndingsAndGzip_GiveTheSameCustomers(string encoding, bool gzip, string lineEnd)
    {
        Encoding text = encoding switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-8 bom" => new UTF8Encoding(true),
            "utf-16le bom" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            _ => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        };
        string[] emails = ["zoë@example.com", "ann@example.com", "Ωmega@example.gr"];
        var content = string.Concat(emails.Select(e => Line(e) + lineEnd));
        var bytes = text.GetPreamble().Concat(text.GetBytes(content)).ToArray();
        var path = Write("customers.jsonl", gzip ? CustomerFileTests.Gzip(bytes) : bytes);

        var (rows, reader) = await ReadAll(path);

        Assert.Equal(emails, rows.Select(r => r.Spec.Email));
        Assert.Equal([1L, 2, 3], rows.Select(r => r.Line));
        Assert.Empty(reports);
        Assert.Equal((3L, 0L, 0L), (reader.Lines, reader.Refused, reader.Duplicates));
        // Progress counts the file's bytes, compressed ones for gzip, and ends at its length.
        Assert.Equal(new FileInfo(path).Length, reader.BytesRead);
    }

    [Fact]
    public async Task Read_SameEmailTwice_ReportsTheLaterLineAsADuplicate_AndImportsTheEarliestValidOne()
    {
        var path = WriteLines(
            Line("ann@example.com"),
            """{"email":"bob@example.com","password":"md5"}""",
            Line("ANN@Example.COM"),
            Line("bob@example.com"),
            // The same name in decomposed form (e + U+0308): the login-name index keys it after NFC, so it is one email.
            Line("zoe\u0308@example.com"),
            Line("zoë@example.com"),
            Line("bob@example.com"));

        var (rows, reader) = await ReadAll(path);

        Assert.Equal([(1L, "ann@example.com"), (4L, "bob@example.com"), (5L, "zoë@example.com")], rows.Select(r => (r.Line, r.Spec.Email)));
        Assert.Equal(
            [(2L, "password: unsupported password hash (bcrypt $2y$/$2a$/$2b$ or $argon2id$ expected)"), (3L, CustomerReader.DuplicateReason),
             (6L, CustomerReader.DuplicateReason), (7L, CustomerReader.DuplicateReason)],
            reports);
        Assert.Equal("duplicate of an email earlier in this file; skipped", CustomerReader.DuplicateReason);
        Assert.Equal((7L, 1L, 3L), (reader.Lines, reader.Refused, reader.Duplicates));
    }

    [Fact]
    public void EmailHash_IsTheLoginNameKeysHash()
    {
        Assert.Equal(CustomerReader.EmailHash("ann@example.com"), CustomerReader.EmailHash(" ANN@EXAMPLE.COM"));
        Assert.NotEqual(CustomerReader.EmailHash("ann@example.com"), CustomerReader.EmailHash("anne@example.com"));
    }

    [Fact]
    public async Task Read_RefusedLines_AreReportedAsTheyAreMet_NotAtTheEnd()
    {
        var path = WriteLines("{not json", Line("ann@example.com"), "[1]", Line("bob@example.com"));
        var file = Open(path);
        using (file)
        {
            var reader = new CustomerReader((line, reason) => reports.Add((line, reason)));
            var seen = new List<int>();
            await foreach (var _ in reader.Read(file, CancellationToken.None))
            {
                seen.Add(reports.Count);
            }

            // Line 1 was told before line 2 came out, line 3 before line 4.
            Assert.Equal([1, 2], seen);
            Assert.StartsWith("not JSON", reports[0].Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Read_ALineWithoutEnd_IsRefused_WithABoundedBuffer()
    {
        // 64 MB without a line break: ReadLineAsync built it whole (an OutOfMemoryException past 1 G characters).
        var path = Path.Combine(directory.FullName, "one-line.jsonl");
        await using (var stream = File.Create(path))
        {
            var chunk = Encoding.UTF8.GetBytes(new string('a', 1 << 20));
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"email\":\""));
            for (var i = 0; i < 64; i++)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes("\"}\n" + Line("ann@example.com") + "\n"));
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (rows, reader) = await ReadAll(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal([(2L, "ann@example.com")], rows.Select(r => (r.Line, r.Spec.Email)));
        Assert.Equal([(1L, $"line longer than {CustomerLine.MaxLength} characters")], reports);
        Assert.Equal((2L, 1L), (reader.Lines, reader.Refused));
        // Reading 64 MB of text into a string would allocate at least 128 MB; bounded, it is buffers only.
        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Read_BlankLinesAndALastLineWithoutBreak_AreCountedLikeReadLine()
    {
        var path = Write("customers.jsonl", Encoding.UTF8.GetBytes("\n  \r\n" + Line("ann@example.com") + "\r" + Line("bob@example.com")));

        var (rows, reader) = await ReadAll(path);

        Assert.Equal([(3L, "ann@example.com"), (4L, "bob@example.com")], rows.Select(r => (r.Line, r.Spec.Email)));
        Assert.Equal(4L, reader.Lines);
        Assert.Empty(reports);
    }

    [Fact]
    public async Task Read_GzipCorruptPastTheProbe_ThrowsAfterTheLinesBefore()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => Line($"c{i}@example.com")).ToArray();
        var gzip = CustomerFileTests.Gzip(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        // Damage the deflate data half-way: the start still decodes (the probe passes), the rest does not.
        for (var i = gzip.Length / 2; i < gzip.Length / 2 + 64; i++)
        {
            gzip[i] ^= 0x5a;
        }

        var file = Open(Write("customers.jsonl.gz", gzip));
        using (file)
        {
            var reader = new CustomerReader((line, reason) => reports.Add((line, reason)));
            var count = 0;
            await Assert.ThrowsAsync<InvalidDataException>(async () =>
            {
                await foreach (var _ in reader.Read(file, CancellationToken.None))
                {
                    count++;
                }
            });
            Assert.InRange(count, 1, lines.Length - 1);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.98)]
    public async Task Read_GzipCutShort_ThrowsAtTheCut_NotAQuietEnd(double kept)
    {
        // A copy or a download that stopped part-way: the deflate data ends without its last block and the gzip
        // trailer (checksum and length) is missing. Without System.IO.Compression.UseStrictValidation (set for every
        // project in Directory.Build.props) GZipStream ends there as if the file were whole.
        var lines = Enumerable.Range(0, 2000).Select(i => Line($"c{i}@example.com")).ToArray();
        var whole = CustomerFileTests.Gzip(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var cut = whole[..(int)(whole.Length * kept)];

        var file = Open(Write("customers.jsonl.gz", cut));
        using (file)
        {
            var reader = new CustomerReader((line, reason) => reports.Add((line, reason)));
            var count = 0;
            var thrown = await Assert.ThrowsAsync<InvalidDataException>(async () =>
            {
                await foreach (var _ in reader.Read(file, CancellationToken.None))
                {
                    count++;
                }
            });
            Assert.Contains("truncated", thrown.Message, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(count, 1, lines.Length - 1);
        }
    }

    public void Dispose() => directory.Delete(recursive: true);

    private static string Line(string email) => $$"""{"email":"{{email}}","password":"{{Hash}}"}""";

    private async Task<(List<(long Line, OroOrleans.Grains.Interfaces.UserSpec Spec)> Rows, CustomerReader Reader)> ReadAll(string path)
    {
        using var file = Open(path);
        var reader = new CustomerReader((line, reason) => reports.Add((line, reason)));
        var rows = new List<(long, OroOrleans.Grains.Interfaces.UserSpec)>();
        await foreach (var row in reader.Read(file, CancellationToken.None))
        {
            rows.Add(row);
        }

        return (rows, reader);
    }

    private static CustomerFile Open(string path)
    {
        var (file, problem) = CustomerFile.Open(path);
        Assert.True(file is not null, problem);
        return file;
    }

    private string WriteLines(params string[] lines) => Write("customers.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
