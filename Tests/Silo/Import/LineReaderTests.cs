using OroOrleans.Silo.Import;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>Bounded lines split like <see cref="TextReader.ReadLine"/>, also where a <c>\r\n</c> straddles the buffer.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class LineReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(32 * 1024 - 2)]
    [InlineData(32 * 1024 - 1)]
    [InlineData(32 * 1024)]
    [InlineData(64 * 1024 - 1)]
    public async Task ReadAsync_SplitsLikeReadLine(int firstLength)
    {
        var text = new string('a', firstLength) + "\r\nb\rc\n\n\r\rd\r\n";
        var expected = new List<string?>();
        using (var oracle = new StringReader(text))
        {
            while (oracle.ReadLine() is { } line)
            {
                expected.Add(line);
            }
        }

        Assert.Equal(expected, await ReadAll(text, int.MaxValue));
    }

    [Fact]
    public async Task ReadAsync_LongerThanTheLimit_GivesNull_AndReadsOn()
    {
        Assert.Equal(["abc", null, "", "abcd"], await ReadAll("abc\nabcde\n\nabcd", 4));
    }

    private static async Task<List<string?>> ReadAll(string text, int maxLength)
    {
        var reader = new LineReader(new StringReader(text), maxLength);
        var lines = new List<string?>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            lines.Add(reader.Current);
        }

        return lines;
    }
}
