namespace OroOrleans.Grains.Interfaces;

/// <summary>Consecutive account ids: <paramref name="First"/> and the <paramref name="Count"/> − 1 after it.</summary>
[GenerateSerializer, Immutable, Alias("IdRange")]
public sealed record IdRange(long First, int Count)
{
    /// <summary>The first id after the range.</summary>
    public long End => First + Count;
}
