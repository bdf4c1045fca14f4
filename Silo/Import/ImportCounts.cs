namespace OroOrleans.Silo.Import;

/// <summary>Counters of an import: lines read (blank ones too), customers created, skipped (email exists), refused (bad
/// lines and failed creations) and, among the refused, failed (a timeout or a lost silo: a re-run creates them).</summary>
public sealed record ImportCounts(long Lines, long Created, long Skipped, long Refused, long Failed)
{
    /// <summary>Rows decided so far.</summary>
    public long Done => Created + Skipped + Refused;
}
