using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Silo.Import;

/// <summary>
/// Reads a customer file line by line on one thread: blank lines are passed over, a line that
/// <see cref="CustomerLine"/> refuses is reported and counted, and so is a line whose email an earlier line of the same
/// file already gave (a duplicate), so the earliest valid line of an email is always the one imported. Nothing grows
/// with the file but the set of emails seen: a 128-bit hash per distinct email, 34–56 bytes each with the set's spare
/// room (measured: 39 MB for 1 million emails, 168 MB for 3 million, 336 MB for 10 million).
/// </summary>
/// <param name="report">Called at once for each refused or duplicate line, with its number and the reason.</param>
public sealed class CustomerReader(Action<long, string> report)
{
    /// <summary>Why a duplicate line is not imported, as reported.</summary>
    public const string DuplicateReason = "duplicate of an email earlier in this file; skipped";

    // SHA-256 truncated to 128 bits (System.IO.Hashing is not among the packages): a collision between two of ten
    // million emails has odds under 1 in 10^24, and costs one customer reported as a duplicate. Held as two ulongs:
    // UInt128 is 16-byte aligned, which made each set entry 8 bytes larger (50 MB a million emails, measured).
    private readonly HashSet<(ulong, ulong)> emails = [];
    private long lines, refused, duplicates, bytesRead;

    /// <summary>Lines read so far, blank ones included.</summary>
    public long Lines => Interlocked.Read(ref lines);

    /// <summary>Lines refused so far (not JSON, a bad email or hash, too long).</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Valid lines passed over so far because an earlier line gave the same email.</summary>
    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>Bytes of the file read so far (compressed bytes for a gzip file), for a progress bar by size.</summary>
    public long BytesRead => Interlocked.Read(ref bytesRead);

    /// <summary>The customers of <paramref name="file"/>, each with its line number, in file order.</summary>
    public async IAsyncEnumerable<(long Line, UserSpec Spec)> Read(CustomerFile file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new LineReader(file.Text, CustomerLine.MaxLength);
        long number = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            number++;
            Interlocked.Increment(ref lines);
            Interlocked.Exchange(ref bytesRead, file.Position);
            if (reader.Current is not { } line)
            {
                Refuse(number, $"line longer than {CustomerLine.MaxLength} characters");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (spec, problem) = CustomerLine.Parse(line);
            if (spec is null)
            {
                Refuse(number, problem!);
                continue;
            }

            var hash = EmailHash(spec.Email);
            if (!emails.Add(((ulong)(hash >> 64), (ulong)hash)))
            {
                Interlocked.Increment(ref duplicates);
                report(number, DuplicateReason);
                continue;
            }

            yield return (number, spec);
        }

        Interlocked.Exchange(ref bytesRead, file.Length ?? file.Position);
    }

    /// <summary>
    /// A 128-bit hash of the email as the login-name index keys it (<see cref="LoginNames.StorefrontEmail"/>: trimmed,
    /// upper-cased invariantly, after <see cref="CustomerLine"/>'s NFC normalisation), so two lines are duplicates
    /// exactly when the second would find the first's login name taken.
    /// </summary>
    public static UInt128 EmailHash(string email)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(LoginNames.StorefrontEmail(email).AsSpan()), digest);
        return MemoryMarshal.Read<UInt128>(digest);
    }

    private void Refuse(long number, string reason)
    {
        Interlocked.Increment(ref refused);
        report(number, reason);
    }
}
