namespace OroOrleans.Grains.Interfaces;

/// <summary>What one sweep deleted.</summary>
/// <param name="VisitorLists">Visitors' shopping-list rows.</param>
/// <param name="Families">Refresh-family rows.</param>
/// <param name="More">True when the sweep stopped at its batch cap with rows left: the caller sweeps again at once.</param>
[GenerateSerializer, Immutable, Alias("ExpirySweepResult")]
public sealed record ExpirySweepResult(int VisitorLists, int Families, bool More);
