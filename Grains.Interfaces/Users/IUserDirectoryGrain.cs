namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The id sequence of one application's accounts. It hands out ids in ranges (leases) to the silos, which
/// allocate from them locally, so that no grain is written by every account creation (§7.1).
/// Key: <c>backoffice</c> or <c>storefront</c>. Not on any token path.
/// </summary>
[Alias("IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Reserves the next <paramref name="count"/> ids for one silo's allocator.</summary>
    [Alias("LeaseIds")]
    Task<IdRange> LeaseIds(int count);

    /// <summary>Takes back the unused tail of a lease when nothing was leased after it (a silo that stops).</summary>
    [Alias("GiveBack")]
    Task GiveBack(IdRange unused);

    /// <summary>The first id never leased: every account of the application has a smaller id.</summary>
    [Alias("NextId")]
    Task<long> NextId();
}
