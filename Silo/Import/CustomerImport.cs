using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;

namespace OroOrleans.Silo.Import;

/// <summary>
/// Streams a customer file into the cluster: one line at a time through <see cref="CustomerReader"/> (the file is
/// never held in memory, and neither are the refused lines: each is reported as it happens and only counted), at most
/// <c>concurrency</c> creations in flight, each through <see cref="IAccountsGrain.CreateUser"/> like the API's, so
/// the same rules hold (unique email, the same stored state). A customer whose email exists is skipped, never changed:
/// a re-run creates only what is missing and leaves passwords changed since the last run alone.
/// </summary>
public sealed class CustomerImport
{
    private readonly IGrainFactory grains;
    private readonly int concurrency;
    private readonly Action<long, string> report;
    private readonly Lock reporting = new();
    private readonly CustomerReader reader;
    private long created, skipped, refused, failed;

    /// <param name="grains">The cluster's grains.</param>
    /// <param name="concurrency">Creations in flight at most.</param>
    /// <param name="report">Called for each refused or duplicate line, with its number and the reason, as it happens;
    /// from any thread, one call at a time.</param>
    public CustomerImport(IGrainFactory grains, int concurrency, Action<long, string> report)
    {
        this.grains = grains;
        this.concurrency = concurrency;
        this.report = report;
        reader = new CustomerReader(Report);
    }

    /// <summary>Lines counted so far (blank lines included), then created, skipped, duplicates, refused and failed.</summary>
    public ImportCounts Counts => new(reader.Lines, Interlocked.Read(ref created), Interlocked.Read(ref skipped), reader.Duplicates,
        reader.Refused + Interlocked.Read(ref refused), Interlocked.Read(ref failed));

    /// <summary>Bytes of the file read so far (for a progress bar by size: the row count is unknown up front).</summary>
    public long BytesRead => reader.BytesRead;

    /// <summary>
    /// Imports every line of <paramref name="file"/>. <paramref name="cancellationToken"/> stops the reading: the
    /// creations under way finish and are counted (a grain call is never abandoned half-way), then the task ends
    /// cancelled, so <see cref="Counts"/> is the truth about what was created. A file that cannot be read on (a
    /// corrupt gzip stream, a disk error) ends the task with that <see cref="IOException"/> or
    /// <see cref="InvalidDataException"/> after the creations under way, with <see cref="Counts"/> just as true.
    /// </summary>
    public async Task Run(CustomerFile file, CancellationToken cancellationToken)
    {
        var accounts = grains.Get<IAccountsGrain>(UserIds.DirectoryKey(ApplicationKind.Storefront));
        await Parallel.ForEachAsync(reader.Read(file, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (row, _) =>
            {
                try
                {
                    var result = await accounts.CreateUser(row.Spec);
                    switch (result.Error)
                    {
                        case CreateUserError.None: Interlocked.Increment(ref created); break;
                        case CreateUserError.EmailTaken: Interlocked.Increment(ref skipped); break;
                        default: Refuse(row.Line, $"password: {result.Error}"); break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A timeout or a lost silo: counted, and the row is created by a re-run.
                    Interlocked.Increment(ref failed);
                    Refuse(row.Line, $"failed: {e.GetBaseException().Message}");
                }
            });
    }

    private void Refuse(long line, string reason)
    {
        Interlocked.Increment(ref refused);
        Report(line, reason);
    }

    private void Report(long line, string reason)
    {
        lock (reporting)
        {
            report(line, reason);
        }
    }
}
