namespace OroOrleans.Silo.Import;

/// <summary>Counters of an import: lines read (blank ones too), customers created, skipped (email existed in the
/// cluster), duplicates (email given by an earlier line of the same file), refused (bad lines and failed creations)
/// and, among the refused, failed (a timeout or a lost silo: a re-run creates them).</summary>
public sealed record ImportCounts(long Lines, long Created, long Skipped, long Duplicates, long Refused, long Failed)
{
    /// <summary>Rows decided so far.</summary>
    public long Done => Created + Skipped + Duplicates + Refused;
}
