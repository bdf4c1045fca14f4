using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;

namespace OroOrleans.Silo.Import;

/// <summary>
/// Streams a customer file into the cluster: one line at a time (the file is never held in memory), at most
/// <c>concurrency</c> creations in flight, each through <see cref="IAccountsGrain.CreateUser"/> like the API's, so the
/// same rules hold (unique email, the same stored state). A customer whose email exists is skipped, never changed:
/// a re-run creates only what is missing and leaves passwords changed since the last run alone.
/// </summary>
public sealed class CustomerImport(IGrainFactory grains, int concurrency)
{
    private long lines, created, skipped, failed;

    public ConcurrentBag<(long Line, string Reason)> Refused { get; } = [];

    /// <summary>Lines counted so far (blank lines included), then created, skipped, refused and failed.</summary>
    public ImportCounts Counts => new(Interlocked.Read(ref lines), Interlocked.Read(ref created), Interlocked.Read(ref skipped), Refused.Count, Interlocked.Read(ref failed));

    /// <summary>Bytes of the file read so far (for a progress bar by size: the row count is unknown up front).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Imports every line of <paramref name="file"/>. <paramref name="cancellationToken"/> stops the reading: the
    /// creations under way finish and are counted (a grain call is never abandoned half-way), then the task ends
    /// cancelled, so <see cref="Counts"/> is the truth about what was created.
    /// </summary>
    public async Task Run(Stream file, CancellationToken cancellationToken)
    {
        var accounts = grains.Get<IAccountsGrain>(UserIds.DirectoryKey(ApplicationKind.Storefront));
        await Parallel.ForEachAsync(Read(file, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (row, _) =>
            {
                try
                {
                    var result = await accounts.CreateUser(row.Spec);
                    switch (result.Error)
                    {
                        case CreateUserError.None: Interlocked.Increment(ref created); break;
                        case CreateUserError.EmailTaken: Interlocked.Increment(ref skipped); break;
                        default: Refused.Add((row.Line, $"password: {result.Error}")); break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A timeout or a lost silo: counted, and the row is created by a re-run.
                    Interlocked.Increment(ref failed);
                    Refused.Add((row.Line, $"failed: {e.GetBaseException().Message}"));
                }
            });
    }

    private async IAsyncEnumerable<(long Line, UserSpec Spec)> Read(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file, leaveOpen: true);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            Interlocked.Increment(ref lines);
            BytesRead = file.Position;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (spec, problem) = CustomerLine.Parse(line);
            if (spec is null)
            {
                Refused.Add((number, problem!));
                continue;
            }

            yield return (number, spec);
        }

        BytesRead = file.Length;
    }
}
