using System.Text;

namespace OroOrleans.Silo.Import;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLineAsync(CancellationToken)"/> (ended by <c>\n</c>, <c>\r\n</c> or
/// <c>\r</c>; the last may lack one) but never holds more than <paramref name="maxLength"/> characters of a line:
/// a longer line is read to its end and dropped, so a file without line breaks (a 1 GB line) costs a 64 KiB buffer,
/// where <c>ReadLineAsync</c> would build the whole line as one string (2.8 GB of memory for a 400 MB line, measured,
/// and an <see cref="OutOfMemoryException"/> past a string's 1 G characters).
/// </summary>
public sealed class LineReader(TextReader reader, int maxLength)
{
    private readonly char[] buffer = new char[32 * 1024];
    private readonly StringBuilder line = new();
    private int start, end;
    private bool afterCarriageReturn;

    /// <summary>The line <see cref="ReadAsync"/> read, without its line break; null when it was longer than the limit.</summary>
    public string? Current { get; private set; }

    /// <summary>Reads the next line into <see cref="Current"/>; false at the end of the text.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        line.Clear();
        var any = false;
        var tooLong = false;
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = await reader.ReadAsync(buffer, cancellationToken);
                if (end == 0)
                {
                    return any && Complete(tooLong);
                }
            }

            if (afterCarriageReturn)
            {
                // The \n of a \r\n that a buffer boundary split from its \r.
                afterCarriageReturn = false;
                if (buffer[start] == '\n')
                {
                    start++;
                    continue;
                }
            }

            any = true;
            var rest = buffer.AsSpan(start, end - start);
            var breakAt = rest.IndexOfAny('\r', '\n');
            var text = breakAt < 0 ? rest : rest[..breakAt];
            if (!tooLong && line.Length + text.Length > maxLength)
            {
                tooLong = true;
                line.Clear();
            }

            if (!tooLong)
            {
                line.Append(text);
            }

            start += text.Length;
            if (breakAt >= 0)
            {
                start++;
                if (rest[breakAt] == '\r')
                {
                    if (start < end && buffer[start] == '\n')
                    {
                        start++;
                    }
                    else
                    {
                        afterCarriageReturn = start == end;
                    }
                }

                return Complete(tooLong);
            }
        }
    }

    private bool Complete(bool tooLong)
    {
        Current = tooLong ? null : line.ToString();
        return true;
    }
}
