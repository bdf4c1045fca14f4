namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Grain references without Orleans' per-call lookup. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> works out T's grain
/// interface type from its attributes and name on every call (Orleans keeps no cache of it): 4 % of a guest login's CPU
/// in a profile (perf, ES256). <c>Get</c> makes the first reference of T the usual way, keeps its grain type and
/// interface type, and from then on builds the same grain id and reference from them (<c>GrainReferencesTests</c>
/// compares the two for every grain).
/// </summary>
public static class GrainReferences
{
    /// <summary>The reference <c>grains.GetGrain&lt;T&gt;(key)</c> gives, without its reflection.</summary>
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var types = Types<T>.Resolved ??= Resolved(grains.GetGrain<T>("-"));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    /// <summary>The reference <c>grains.GetGrain&lt;T&gt;(key)</c> gives, without its reflection.</summary>
    public static T Get<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey
    {
        var types = Types<T>.Resolved ??= Resolved(grains.GetGrain<T>(0));
        var id = GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key));
        return (T)grains.GetGrain(id, types.Interface);
    }

    private static ResolvedTypes Resolved(IAddressable grain)
    {
        var reference = (GrainReference)grain;
        return new ResolvedTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    /// <summary>A class, so that one reference write publishes both types at once.</summary>
    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
    {
        public static ResolvedTypes? Resolved;
    }
}
