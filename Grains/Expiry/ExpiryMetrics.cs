using System.Diagnostics.Metrics;

namespace OroOrleans.Grains.Expiry;

/// <summary>The sweep's instruments (§8).</summary>
public static class ExpiryMetrics
{
    private static readonly Meter Meter = new(Families.FamilyMetrics.MeterName);

    /// <summary>Rows the sweep deleted, tagged <c>state</c> (<c>shopping-list</c>, <c>refresh-family</c>).</summary>
    public static readonly Counter<long> RowsDeleted = Meter.CreateCounter<long>("oroorleans.expiry.rows_deleted", "{row}", "Expired grain-state rows deleted by the sweep");
}
